package chatlab.bench;

import java.util.Locale;

/**
 * When the bench's client sockets acknowledge what they receive. This is the kernel's behaviour, not the bench's
 * code, but a server that leaves Nagle's algorithm on (the lab's Python server) waits for those acknowledgements
 * before it sends a second small segment to the same client, so its throughput depends on it (docs/BENCHMARKS.md,
 * "Client behaviour").
 */
public enum AckPolicy {
    /**
     * Linux's default: a socket that has sent data shortly after receiving (as a sender does) is in "interactive"
     * (ping-pong) mode and delays its ACK, up to 40 ms, hoping to carry it on its next write.
     */
    DELAYED("delayed"),
    /**
     * {@code TCP_QUICKACK} set again after every read (the kernel clears it on its own): every read is acknowledged
     * at once, as a client that never writes soon after reading gets anyway. Needs the epoll transport.
     */
    QUICK("quick");

    private final String text;

    AckPolicy(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static AckPolicy parse(String text) {
        for (AckPolicy policy : values()) {
            if (policy.text.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown ack policy '" + text + "'; use delayed or quick");
    }
}
