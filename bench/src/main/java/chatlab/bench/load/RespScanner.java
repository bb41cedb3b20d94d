package chatlab.bench.load;

import java.nio.charset.StandardCharsets;

/**
 * Reads what a Redis server sends one client speaking RESP3 (Redis's protocol specification: every element starts
 * with a type byte and ends in CRLF; {@code $n} and the other blob types are followed by n bytes and CRLF;
 * {@code *n}, {@code >n} and {@code ~n} hold n elements, {@code %n} and {@code |n} n pairs). Pushes (or arrays)
 * {@code [message, channel, payload]} carry the bench's stamps; {@code [subscribe, channel, count]} confirms the
 * subscription; errors ({@code -...}, {@code !n}) are refusals. Everything else (the HELLO map, PUBLISH's count of
 * receivers) is read and dropped. Aggregates are followed by their depth and counts, never built.
 */
public final class RespScanner implements WireScanner, CrlfFramer.Sink {
    /** Simple strings, errors and numbers: a few hundred bytes at most from Redis. */
    public static final int MAX_LINE_BYTES = 64 * 1024;
    /** The largest bulk string the bench reads (its payloads are far smaller; the HELLO map's strings too). */
    public static final int MAX_BULK_BYTES = 64 * 1024;
    /** Nesting of aggregates the scanner follows (HELLO's map holds arrays; nothing Redis sends goes deeper). */
    static final int MAX_DEPTH = 8;
    private static final byte[] MESSAGE = ascii("MESSAGE");
    private static final byte[] SUBSCRIBE = ascii("SUBSCRIBE");
    private static final int MAX_ERROR_CHARS = 300;

    /** What the top-level push or array is, from its first element. */
    private enum Frame { OTHER, MESSAGE, SUBSCRIBE }

    private final Inbound inbound;
    private final CrlfFramer framer = new CrlfFramer(MAX_LINE_BYTES, MAX_BULK_BYTES, this);
    private final long[] stamp = new long[2];
    /** Elements still owed by each open aggregate, outermost first. */
    private final long[] remaining = new long[MAX_DEPTH];
    private int depth;
    /** The index of the next element of the top-level aggregate. */
    private long index;
    private Frame frame = Frame.OTHER;
    /** The blob being read is an error ({@code !n}), not a string. */
    private boolean blobError;

    public RespScanner(Inbound inbound) {
        this.inbound = inbound;
    }

    @Override
    public void read(byte[] data, int offset, int length) {
        framer.feed(data, offset, length);
    }

    @Override
    public int line(byte[] data, int from, int to) {
        if (from == to) {
            malformed("an empty line");
            return -1;
        }
        byte type = data[from];
        switch (type) {
            case '$', '=', '!' -> { // blob string, verbatim string, blob error: the body follows
                long length = number(data, from + 1, to);
                if (length == -1) { // RESP2's null bulk string
                    element();
                    return -1;
                }
                if (length < 0 || length > Integer.MAX_VALUE) {
                    malformed("a blob length that is not one: " + CrlfFramer.text(data, from, to, MAX_ERROR_CHARS));
                    return -1;
                }
                blobError = type == '!';
                return (int) length;
            }
            case '*', '>', '~', '%', '|' -> {
                long count = number(data, from + 1, to);
                if (count == -1) { // RESP2's null array
                    element();
                    return -1;
                }
                if (count < 0) {
                    malformed("an aggregate size that is not one: " + CrlfFramer.text(data, from, to, MAX_ERROR_CHARS));
                    return -1;
                }
                open(type == '%' || type == '|' ? count * 2 : count);
                return -1;
            }
            case '-' -> {
                inbound.serverError("redis error", CrlfFramer.text(data, from + 1, to, MAX_ERROR_CHARS), false);
                element();
                return -1;
            }
            case '+', ':', '_', '#', ',', '(' -> {
                element();
                return -1;
            }
            default -> {
                malformed("an unknown type '" + (char) (type & 0xff) + "': "
                        + CrlfFramer.text(data, from, to, MAX_ERROR_CHARS));
                return -1;
            }
        }
    }

    @Override
    public void body(byte[] data, int from, int to) {
        if (blobError) {
            blobError = false;
            inbound.serverError("redis error", CrlfFramer.text(data, from, to, MAX_ERROR_CHARS), false);
        } else if (depth == 1 && index == 0) {
            frame = is(data, from, to, MESSAGE) ? Frame.MESSAGE : is(data, from, to, SUBSCRIBE) ? Frame.SUBSCRIBE
                    : Frame.OTHER;
        } else if (depth == 1 && index == 2 && frame == Frame.MESSAGE) {
            if (Stamp.parse(data, from, to, stamp) && stamp[0] <= Integer.MAX_VALUE) {
                inbound.message((int) stamp[0], stamp[1]);
            } else {
                inbound.serverError("garbled", "a message without a bench stamp: "
                        + CrlfFramer.text(data, from, to, MAX_ERROR_CHARS), false);
            }
        }
        element();
    }

    @Override
    public void malformed(String why) {
        inbound.serverError("garbled", why, false);
    }

    private void open(long count) {
        if (count == 0) {
            element();
            return;
        }
        if (depth == MAX_DEPTH) {
            malformed("aggregates nested deeper than " + MAX_DEPTH);
            return;
        }
        if (depth == 0) {
            index = 0;
            frame = Frame.OTHER;
        }
        remaining[depth++] = count;
    }

    /** One element is complete at the current depth; closes every aggregate it completes. */
    private void element() {
        while (depth > 0) {
            if (depth == 1) {
                index++;
            }
            if (--remaining[depth - 1] > 0) {
                return;
            }
            depth--;
            if (depth == 0) {
                frameDone();
                return;
            }
        }
    }

    private void frameDone() {
        if (frame == Frame.SUBSCRIBE) {
            inbound.subscribed();
        }
        frame = Frame.OTHER;
    }

    /** A decimal number, perhaps negative; Long.MIN_VALUE when it is not one. */
    private static long number(byte[] data, int from, int to) {
        boolean negative = from < to && data[from] == '-';
        int i = negative ? from + 1 : from;
        if (i == to || to - i > 18) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < to; i++) {
            if (data[i] < '0' || data[i] > '9') {
                return Long.MIN_VALUE;
            }
            value = value * 10 + (data[i] - '0');
        }
        return negative ? -value : value;
    }

    private static boolean is(byte[] data, int from, int to, byte[] word) {
        return to - from == word.length && CrlfFramer.startsWithIgnoringCase(data, from, to, word);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
