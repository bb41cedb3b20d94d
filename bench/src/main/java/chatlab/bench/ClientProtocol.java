package chatlab.bench;

import java.util.Locale;

/**
 * What the bench's clients speak: a chat wire (the lab's or v2, as {@link BenchConfig#wire()} says), or the protocol
 * of one of the field's servers the bench compares chatlab with. The clients, the schedule and the accounting are the
 * same whatever they speak; only the bytes differ.
 */
public enum ClientProtocol {
    /** The lab wire or v2 ({@link BenchConfig#wire()}): chatlab, the lab's Python server, the C reference server. */
    CHAT("chat"),
    /** IRC (RFC 2812): NICK and USER, JOIN a channel, PRIVMSG to it; ngIRCd. */
    IRC("irc"),
    /** RESP3, Redis's protocol: HELLO 3, SUBSCRIBE a channel, PUBLISH to it; redis-server. */
    RESP("resp"),
    /** The NATS client protocol: CONNECT, SUB a subject, PUB to it; nats-server. */
    NATS("nats");

    private final String text;

    ClientProtocol(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /**
     * Redis has no way to leave a publisher out of its own channel: a sender, subscribed like every client, gets its
     * own message too, so each message makes N deliveries there and N-1 everywhere else (NATS is asked not to echo,
     * IRC and the chat servers never do).
     */
    public boolean deliversToSender() {
        return this == RESP;
    }

    public static ClientProtocol parse(String text) {
        for (ClientProtocol protocol : values()) {
            if (protocol.text.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return protocol;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + text + "'; use chat, irc, resp or nats");
    }
}
