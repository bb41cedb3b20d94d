package chatlab.protocol.v2;

import chatlab.protocol.BoundedLine;

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
    private final BoundedLine pending;

    public V2LineFramer(int maxLineBytes, long maxDiscardBytes) {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive");
        }
        this.maxLineBytes = maxLineBytes;
        this.pending = new BoundedLine(maxDiscardBytes, 0);
    }

    /** Takes the bytes of one read and reports every line they complete. */
    public void feed(byte[] bytes, int offset, int length, Sink sink) {
        int end = offset + length;
        int start = offset;
        for (int i = offset; i < end && !pending.endless(); i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            if (pending.length() == 0 && !pending.discarding()) {
                line(bytes, start, i - start, sink); // whole within this read: no copy
            } else {
                // The end of a line begun in an earlier read (or one being discarded, whose last bytes still count).
                hold(bytes, start, i - start, sink);
                if (!pending.discarding()) {
                    line(pending.bytes(), 0, pending.length(), sink);
                }
                pending.endAndRelease();
            }
            start = i + 1;
        }
        hold(bytes, start, end - start, sink);
    }

    /** Bytes held for a line whose end has not come yet. */
    public int pendingBytes() {
        return pending.length();
    }

    /** The memory held for it (the buffer's size), for measurements. */
    public int pendingCapacity() {
        return pending.capacity();
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
        if ((pending.discardWhole(received) & BoundedLine.BECAME_ENDLESS) != 0) {
            sink.endless(received, pending.maxDiscardBytes());
        }
    }

    /** Keeps the start of an unfinished line, or counts it as discarded. */
    private void hold(byte[] bytes, int offset, int length, Sink sink) {
        int added = pending.add(bytes, offset, length, maxLineBytes);
        if ((added & BoundedLine.PASSED_LIMIT) != 0) {
            sink.tooLong(maxLineBytes);
        }
        if ((added & BoundedLine.BECAME_ENDLESS) != 0) {
            sink.endless(pending.discardedBytes(), pending.maxDiscardBytes());
        }
    }
}
