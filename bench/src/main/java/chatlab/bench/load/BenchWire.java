package chatlab.bench.load;

import chatlab.bench.ClientProtocol;
import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ClientMessageEncoder;
import chatlab.protocol.v2.Wire;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a bench client writes on each wire, and how it reads: the chat wires here, the peers' protocols in
 * {@link PeerWire}. One write per message, as ordinary clients do.
 */
public final class BenchWire {
    public static final String CLIENT_SOFTWARE = "chatlab-bench";

    private final Wire wire;
    private final ClientProtocol protocol;
    private final ClientMessageEncoder encoder = new ClientMessageEncoder();
    /**
     * Starts every v2 message id: a chatlab server remembers recent ids per name and answers a repeated one as a
     * duplicate without relaying it, so a second run with the same names must not reuse the first run's ids.
     */
    private final String idPrefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);

    public BenchWire(Wire wire) {
        this(wire, ClientProtocol.CHAT);
    }

    /** @param wire the chat wire, used when {@code protocol} is {@link ClientProtocol#CHAT} */
    public BenchWire(Wire wire, ClientProtocol protocol) {
        this.wire = wire;
        this.protocol = protocol;
    }

    public ClientProtocol protocol() {
        return protocol;
    }

    /** A sender receives its own messages ({@link ClientProtocol#deliversToSender()}). */
    public boolean deliversToSender() {
        return protocol.deliversToSender();
    }

    /** IRC: what a client sends once the server has welcomed it (the JOIN); null for the others. */
    public byte[] afterWelcome() {
        return protocol == ClientProtocol.IRC ? PeerWire.join() : null;
    }

    public Wire wire() {
        return wire;
    }

    /** Lab: the name, alone, as the lab client sends it. v2: a hello asking for deflated user lists, as chatlab's client does (no direct messages, no login). */
    public byte[] registration(String name) {
        if (protocol != ClientProtocol.CHAT) {
            return PeerWire.registration(protocol, name);
        }
        return switch (wire) {
            case LAB -> name.getBytes(StandardCharsets.UTF_8);
            case V2 -> encoder.encode(new ClientMessage.Hello(2, name, CLIENT_SOFTWARE, 0, List.of("deflate")));
        };
    }

    /** Lab: the stamped text, without a newline, as the lab client sends it. v2: a say, its id unique to the run. */
    public byte[] chat(int sender, long seq, int payloadBytes) {
        byte[] text = Stamp.text(sender, seq, payloadBytes);
        if (protocol != ClientProtocol.CHAT) {
            return PeerWire.chat(protocol, text);
        }
        return switch (wire) {
            case LAB -> text;
            case V2 -> encoder.encode(new ClientMessage.Say(idPrefix + "-" + seq, new String(text, StandardCharsets.US_ASCII),
                    false));
        };
    }

    /** The answer to a ping (v2, IRC, NATS). */
    public byte[] pong(String token) {
        if (protocol != ClientProtocol.CHAT) {
            return PeerWire.pong(protocol, token);
        }
        return encoder.encode(new ClientMessage.Pong(token));
    }

    public WireScanner scanner(Inbound inbound) {
        switch (protocol) {
            case IRC -> {
                return new IrcScanner(inbound);
            }
            case RESP -> {
                return new RespScanner(inbound);
            }
            case NATS -> {
                return new NatsScanner(inbound);
            }
            case CHAT -> { }
        }
        return switch (wire) {
            case LAB -> new LabStreamScanner(inbound);
            case V2 -> new V2LineScanner(inbound);
        };
    }
}
