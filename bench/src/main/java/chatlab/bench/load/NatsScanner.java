package chatlab.bench.load;

import java.nio.charset.StandardCharsets;

/**
 * Reads what a NATS server sends one client (the NATS client protocol: operations are CRLF-ended lines, a
 * {@code MSG <subject> <sid> [reply-to] <#bytes>} line is followed by that many bytes of payload and CRLF):
 * {@code MSG} payloads carry the bench's stamps; {@code PING} is answered; the first {@code PONG} answers the
 * client's own PING sent after its SUB, so the server has taken the subscription (it handles one connection's
 * operations in order); {@code -ERR} is a refusal. {@code INFO} and {@code +OK} are read and dropped.
 */
public final class NatsScanner implements WireScanner, CrlfFramer.Sink {
    /** Far above any line the server sends but INFO, which names the server and its limits in a few hundred bytes. */
    public static final int MAX_LINE_BYTES = 64 * 1024;
    /** The largest payload the bench sends (v2's limit); anything larger is not the bench's. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    private static final byte[] MSG = ascii("MSG");
    private static final byte[] PING = ascii("PING");
    private static final byte[] PONG = ascii("PONG");
    private static final byte[] ERR = ascii("-ERR");
    private static final byte[] INFO = ascii("INFO");
    private static final byte[] OK = ascii("+OK");
    private static final int MAX_ERROR_CHARS = 300;

    private final Inbound inbound;
    private final CrlfFramer framer = new CrlfFramer(MAX_LINE_BYTES, MAX_PAYLOAD_BYTES, this);
    private final long[] stamp = new long[2];
    private boolean subscribed;

    public NatsScanner(Inbound inbound) {
        this.inbound = inbound;
    }

    @Override
    public void read(byte[] data, int offset, int length) {
        framer.feed(data, offset, length);
    }

    @Override
    public int line(byte[] data, int from, int to) {
        if (op(data, from, to, MSG)) {
            int size = msgSize(data, from + MSG.length, to);
            if (size < 0) {
                inbound.serverError("garbled", "a MSG line without its size: "
                        + CrlfFramer.text(data, from, to, MAX_ERROR_CHARS), false);
            }
            return size;
        }
        if (op(data, from, to, PING)) {
            inbound.ping("");
        } else if (op(data, from, to, PONG)) {
            if (!subscribed) {
                subscribed = true;
                inbound.subscribed();
            }
        } else if (op(data, from, to, ERR)) {
            inbound.serverError("nats -ERR", CrlfFramer.text(data, from, to, MAX_ERROR_CHARS), false);
        } else if (!op(data, from, to, INFO) && !op(data, from, to, OK)) {
            inbound.serverError("garbled", "an unknown operation: " + CrlfFramer.text(data, from, to, MAX_ERROR_CHARS),
                    false);
        }
        return -1;
    }

    @Override
    public void body(byte[] data, int from, int to) {
        if (Stamp.parse(data, from, to, stamp) && stamp[0] <= Integer.MAX_VALUE) {
            inbound.message((int) stamp[0], stamp[1]);
        } else {
            inbound.serverError("garbled", "a MSG without a bench stamp: "
                    + CrlfFramer.text(data, from, to, MAX_ERROR_CHARS), false);
        }
    }

    @Override
    public void malformed(String why) {
        inbound.serverError("garbled", why, false);
    }

    /** The operation's name, then a space, a tab or the line's end; names are case-insensitive. */
    private static boolean op(byte[] data, int from, int to, byte[] name) {
        if (!CrlfFramer.startsWithIgnoringCase(data, from, to, name)) {
            return false;
        }
        int after = from + name.length;
        return after == to || data[after] == ' ' || data[after] == '\t';
    }

    /**
     * The size of a MSG: its arguments are {@code <subject> <sid> [reply-to] <#bytes>}, three or four fields apart
     * by spaces or tabs, the last a number. -1 when they are not that.
     */
    private static int msgSize(byte[] data, int from, int to) {
        int fields = 0;
        int lastStart = -1;
        int lastEnd = -1;
        int i = from;
        while (i < to) {
            while (i < to && (data[i] == ' ' || data[i] == '\t')) {
                i++;
            }
            if (i == to) {
                break;
            }
            lastStart = i;
            while (i < to && data[i] != ' ' && data[i] != '\t') {
                i++;
            }
            lastEnd = i;
            fields++;
        }
        if (fields < 3 || fields > 4 || lastEnd - lastStart > 9) {
            return -1;
        }
        int value = 0;
        for (int k = lastStart; k < lastEnd; k++) {
            if (data[k] < '0' || data[k] > '9') {
                return -1;
            }
            value = value * 10 + (data[k] - '0');
        }
        return value;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
