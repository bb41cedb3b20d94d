package chatlab.bench.load;

import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ClientMessageEncoder;
import chatlab.protocol.v2.Wire;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** What a bench client writes on each wire, and how it reads. One write per message, as ordinary clients do. */
public final class BenchWire {
    public static final String CLIENT_SOFTWARE = "chatlab-bench";

    private final Wire wire;
    private final ClientMessageEncoder encoder = new ClientMessageEncoder();
    /**
     * Starts every v2 message id: a chatlab server remembers recent ids per name and answers a repeated one as a
     * duplicate without relaying it, so a second run with the same names must not reuse the first run's ids.
     */
    private final String idPrefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);

    public BenchWire(Wire wire) {
        this.wire = wire;
    }

    public Wire wire() {
        return wire;
    }

    /** Lab: the name, alone, as the lab client sends it. v2: a hello asking for deflated user lists, as chatlab's client does (no direct messages, no login). */
    public byte[] registration(String name) {
        return switch (wire) {
            case LAB -> name.getBytes(StandardCharsets.UTF_8);
            case V2 -> encoder.encode(new ClientMessage.Hello(2, name, CLIENT_SOFTWARE, 0, List.of("deflate")));
        };
    }

    /** Lab: the stamped text, without a newline, as the lab client sends it. v2: a say, its id unique to the run. */
    public byte[] chat(int sender, long seq, int payloadBytes) {
        byte[] text = Stamp.text(sender, seq, payloadBytes);
        return switch (wire) {
            case LAB -> text;
            case V2 -> encoder.encode(new ClientMessage.Say(idPrefix + "-" + seq, new String(text, StandardCharsets.US_ASCII),
                    false));
        };
    }

    /** v2 only: the answer to a ping. */
    public byte[] pong(String token) {
        return encoder.encode(new ClientMessage.Pong(token));
    }

    public WireScanner scanner(Inbound inbound) {
        return switch (wire) {
            case LAB -> new LabStreamScanner(inbound);
            case V2 -> new V2LineScanner(inbound);
        };
    }
}
