package chatlab.protocol.v2;

/**
 * Cuts a v2 connection's bytes into lines (one JSON message each, ending in {@code \n}; a {@code \r} before it is
 * dropped).
 *
 * <p>What a connection costs while it waits is what it has sent of its current line, no more: a line that is whole
 * within one read is handed out in place, and only the start of a line whose end has not come yet is copied, into a
 * buffer the size of what is held (grown as more comes, dropped once the line is out). So the read buffer is never
 * held for the rest of a line: two bytes {@code {"} cost two bytes, not the 64 KiB the server reads into.
 *
 * <p>A line longer than {@code maxLineBytes} is reported as soon as it passes the limit, then discarded as it comes up
 * to its newline; the next line is read normally. A line discarded past {@code maxDiscardBytes} is reported once as
 * endless (the server closes the connection), and nothing after it is read. Not thread-safe; one per connection.
 */
public final class V2LineFramer {
    private static final byte[] NOTHING = new byte[0];

    /** Where the framer's findings go. Line bytes are valid only during the call. */
    public interface Sink {
        /** One line, without its line end (possibly empty). */
        void line(byte[] bytes, int offset, int length);

        /** A line passed {@code limitBytes}; the rest of it will be discarded. */
        void tooLong(int limitBytes);

        /** A line went on past {@code limitBytes} of discarding; nothing more will be reported. */
        void endless(long discardedBytes, long limitBytes);
    }

    private final int maxLineBytes;
    private final long maxDiscardBytes;
    private byte[] pending = NOTHING;
    private int pendingLength;
    private boolean discarding;
    private long discardedBytes;
    private boolean endless;

    public V2LineFramer(int maxLineBytes, long maxDiscardBytes) {
        if (maxLineBytes <= 0 || maxDiscardBytes <= 0) {
            throw new IllegalArgumentException("the limits must be positive");
        }
        this.maxLineBytes = maxLineBytes;
        this.maxDiscardBytes = maxDiscardBytes;
    }

    /** Takes the bytes of one read and reports every line they complete. */
    public void feed(byte[] bytes, int offset, int length, Sink sink) {
        int end = offset + length;
        int start = offset;
        for (int i = offset; i < end && !endless; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            if (discarding) {
                hold(bytes, start, i - start, sink); // counts the line's last bytes, which may make it endless
                discarding = false; // the over-long line ends here; it was reported when it passed the limit
                discardedBytes = 0;
            } else if (pendingLength == 0) {
                line(bytes, start, i - start, sink); // whole within this read: no copy
            } else {
                hold(bytes, start, i - start, sink);
                if (!discarding) {
                    line(pending, 0, pendingLength, sink);
                }
                discarding = false;
                discardedBytes = 0;
                pendingLength = 0;
                pending = NOTHING;
            }
            start = i + 1;
        }
        if (!endless) {
            hold(bytes, start, end - start, sink);
        }
    }

    /** Bytes held for a line whose end has not come yet. */
    public int pendingBytes() {
        return pendingLength;
    }

    /** The memory held for it (the buffer's size), for measurements. */
    public int pendingCapacity() {
        return pending.length;
    }

    private void line(byte[] bytes, int offset, int length, Sink sink) {
        int received = length;
        if (length > 0 && bytes[offset + length - 1] == '\r') {
            length--;
        }
        if (length <= maxLineBytes) {
            sink.line(bytes, offset, length);
            return;
        }
        // Whole within one read, yet over the limit: counted as if discarded as it came, so where the reads fall
        // never changes what is reported.
        sink.tooLong(maxLineBytes);
        discardedBytes = received;
        checkEndless(sink);
        discardedBytes = 0;
    }

    /** Keeps the start of an unfinished line, or counts it as discarded. */
    private void hold(byte[] bytes, int offset, int length, Sink sink) {
        if (length == 0) {
            return;
        }
        if (discarding) {
            discardedBytes += length;
            checkEndless(sink);
            return;
        }
        // One extra byte of room for a '\r' that the '\n' would strip.
        if (pendingLength + length > maxLineBytes + 1) {
            discarding = true;
            discardedBytes = (long) pendingLength + length;
            pendingLength = 0;
            pending = NOTHING;
            sink.tooLong(maxLineBytes);
            checkEndless(sink);
            return;
        }
        if (pendingLength + length > pending.length) {
            int capacity = pending.length == 0 ? length
                    : Math.min(maxLineBytes + 1, Math.max(pending.length * 2, pendingLength + length));
            byte[] grown = new byte[capacity];
            System.arraycopy(pending, 0, grown, 0, pendingLength);
            pending = grown;
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength += length;
    }

    private void checkEndless(Sink sink) {
        if (discardedBytes > maxDiscardBytes) {
            endless = true;
            sink.endless(discardedBytes, maxDiscardBytes);
        }
    }
}
