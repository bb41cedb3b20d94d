package chatlab.capture.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;

/**
 * A forward-only window over a channel: callers ask for n bytes at the current position, read them from
 * {@link #array()} at {@link #index()}, then {@link #advance(int)}. The window grows only as far as the largest
 * record asked for, so memory stays bounded whatever the file size.
 */
final class ByteSource implements Closeable {
    static final int DEFAULT_WINDOW_BYTES = 1 << 20;

    private final ReadableByteChannel channel;
    private byte[] buf;
    private int start;
    private int end;
    private long bufferFileOffset;
    private boolean eof;

    ByteSource(ReadableByteChannel channel) {
        this(channel, DEFAULT_WINDOW_BYTES);
    }

    ByteSource(ReadableByteChannel channel, int windowBytes) {
        this.channel = channel;
        this.buf = new byte[windowBytes];
    }

    byte[] array() {
        return buf;
    }

    int index() {
        return start;
    }

    /** File offset of the byte at {@link #index()}. */
    long position() {
        return bufferFileOffset + start;
    }

    int available() {
        return end - start;
    }

    /** Makes at least {@code n} bytes available if the file has them; returns how many are available. */
    int ensure(int n) throws IOException {
        if (end - start >= n) {
            return end - start;
        }
        if (n > buf.length) {
            byte[] bigger = new byte[Math.max(n, Math.min(Integer.MAX_VALUE - 16, buf.length * 2))];
            System.arraycopy(buf, start, bigger, 0, end - start);
            bufferFileOffset += start;
            end -= start;
            start = 0;
            buf = bigger;
        } else if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            bufferFileOffset += start;
            end -= start;
            start = 0;
        }
        ByteBuffer bb = ByteBuffer.wrap(buf);
        while (end - start < n && !eof) {
            bb.limit(buf.length).position(end);
            int r = channel.read(bb);
            if (r < 0) {
                eof = true;
            } else {
                end += r;
            }
        }
        return end - start;
    }

    void advance(int n) {
        start += n;
    }

    /** Skips {@code n} bytes, seeking when the channel allows it. Returns false if the file ended first. */
    boolean skip(long n) throws IOException {
        long inBuffer = end - start;
        if (n <= inBuffer) {
            start += (int) n;
            return true;
        }
        long rest = n - inBuffer;
        bufferFileOffset += end;
        start = 0;
        end = 0;
        if (channel instanceof FileChannel fc) {
            long target = bufferFileOffset + rest;
            long size = fc.size();
            if (target > size) {
                bufferFileOffset = size;
                fc.position(size);
                eof = true;
                return false;
            }
            fc.position(target);
            bufferFileOffset = target;
            return true;
        }
        while (rest > 0) {
            int got = ensure((int) Math.min(rest, buf.length));
            if (got == 0) {
                return false;
            }
            int take = (int) Math.min(rest, got);
            start += take;
            rest -= take;
        }
        return true;
    }

    /** Shrinks the window back to its default size after a large record was read. */
    void compactIfLarge() {
        if (buf.length > DEFAULT_WINDOW_BYTES * 4 && end - start <= DEFAULT_WINDOW_BYTES) {
            byte[] small = new byte[DEFAULT_WINDOW_BYTES];
            System.arraycopy(buf, start, small, 0, end - start);
            bufferFileOffset += start;
            end -= start;
            start = 0;
            buf = small;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
