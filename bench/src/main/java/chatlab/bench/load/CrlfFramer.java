package chatlab.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts a byte stream into lines that end in CRLF (a bare LF is taken too), and, after a line whose sink announces
 * one, a body of that many bytes followed by CRLF: the framing of IRC (RFC 2812, 2.3: lines only), of RESP (bulk
 * strings: {@code $5\r\nhello\r\n}) and of NATS ({@code MSG subject sid 5\r\nhello\r\n}). A line or body that is
 * whole in one read is handed over where it lies, without a copy; one cut across reads is gathered first. The sink
 * must not keep the array it is handed.
 *
 * <p>Limits are arguments: a longer line or body is skipped whole and reported once, never buffered. Not
 * thread-safe: one per connection, fed on its event loop.
 */
public final class CrlfFramer {
    /** What a protocol makes of the pieces. */
    public interface Sink {
        /**
         * A line, without its line end.
         *
         * @return the length of the body that follows this line (0 or more), or -1 when none does
         */
        int line(byte[] data, int from, int to);

        /** The body a line announced, without its CRLF. */
        void body(byte[] data, int from, int to);

        /** The stream broke the framing: one sentence saying how. Reading goes on after the broken piece. */
        void malformed(String why);
    }

    private final int maxLineBytes;
    private final int maxBodyBytes;
    private final Sink sink;
    private byte[] carry = new byte[256];
    private int carried;
    /** Waiting for a body of this many bytes (then its CRLF); -1 in line mode. */
    private int bodyLength = -1;
    /** Skipping what is left of a line or body over the limit. */
    private boolean skippingLine;
    private long bodyBytesToSkip;

    public CrlfFramer(int maxLineBytes, int maxBodyBytes, Sink sink) {
        this.maxLineBytes = maxLineBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.sink = sink;
    }

    /** One read's bytes. */
    public void feed(byte[] data, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (bodyBytesToSkip > 0) {
                int skipped = (int) Math.min(bodyBytesToSkip, end - i);
                bodyBytesToSkip -= skipped;
                i += skipped;
            } else if (bodyLength >= 0) {
                i = body(data, i, end);
            } else if (skippingLine) {
                int lf = indexOfLf(data, i, end);
                skippingLine = lf < 0;
                i = lf < 0 ? end : lf + 1;
            } else {
                i = line(data, i, end);
            }
        }
    }

    /** Nothing half read: the stream ended (or paused) between two pieces. */
    public boolean atBoundary() {
        return carried == 0 && bodyLength < 0 && !skippingLine && bodyBytesToSkip == 0;
    }

    private int line(byte[] data, int i, int end) {
        int lf = indexOfLf(data, i, end);
        if (lf < 0) {
            if (carried + (end - i) > maxLineBytes + 1) { // +1: a CR waiting for its LF
                sink.malformed("a line longer than " + maxLineBytes + " bytes");
                carried = 0;
                skippingLine = true;
            } else {
                append(data, i, end - i);
            }
            return end;
        }
        int announced;
        if (carried == 0) {
            announced = lineFrom(data, i, lf);
        } else {
            if (carried + (lf - i) > maxLineBytes + 1) {
                sink.malformed("a line longer than " + maxLineBytes + " bytes");
                carried = 0;
                return lf + 1;
            }
            append(data, i, lf - i);
            int length = carried;
            carried = 0;
            announced = lineFrom(carry, 0, length);
        }
        if (announced > maxBodyBytes) {
            sink.malformed("a body of " + announced + " bytes, over the limit of " + maxBodyBytes);
            bodyBytesToSkip = announced + 2L;
        } else if (announced >= 0) {
            bodyLength = announced;
        }
        return lf + 1;
    }

    private int lineFrom(byte[] data, int from, int lf) {
        int to = lf > from && data[lf - 1] == '\r' ? lf - 1 : lf;
        if (to - from > maxLineBytes) {
            sink.malformed("a line longer than " + maxLineBytes + " bytes");
            return -1;
        }
        return sink.line(data, from, to);
    }

    private int body(byte[] data, int i, int end) {
        int whole = bodyLength + 2;
        if (carried == 0 && end - i >= whole) {
            deliverBody(data, i);
            return i + whole;
        }
        int take = Math.min(whole - carried, end - i);
        append(data, i, take);
        if (carried == whole) {
            carried = 0;
            deliverBody(carry, 0);
        }
        return i + take;
    }

    private void deliverBody(byte[] data, int from) {
        int length = bodyLength;
        bodyLength = -1;
        if (data[from + length] != '\r' || data[from + length + 1] != '\n') {
            sink.malformed("a body of " + length + " bytes not followed by CRLF");
        }
        sink.body(data, from, from + length);
    }

    private void append(byte[] data, int from, int length) {
        if (carried + length > carry.length) {
            carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carried + length));
        }
        System.arraycopy(data, from, carry, carried, length);
        carried += length;
    }

    private static int indexOfLf(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code data[from, to)} starts with the ASCII {@code word}, compared without case. */
    static boolean startsWithIgnoringCase(byte[] data, int from, int to, byte[] word) {
        if (to - from < word.length) {
            return false;
        }
        for (int k = 0; k < word.length; k++) {
            byte b = data[from + k];
            if (b >= 'a' && b <= 'z') {
                b -= 32;
            }
            if (b != word[k]) {
                return false;
            }
        }
        return true;
    }

    /** The bytes as text for a message (ISO-8859-1, so any byte shows), at most {@code max} characters. */
    static String text(byte[] data, int from, int to, int max) {
        return new String(data, from, Math.min(to - from, max), StandardCharsets.ISO_8859_1);
    }
}
