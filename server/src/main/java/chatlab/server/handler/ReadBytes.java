package chatlab.server.handler;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Hands a read's bytes to a framer that works on byte arrays. A heap buffer is passed in place; a direct one (what the
 * native transport reads into) is copied into one scratch array per thread, never per connection: the framers copy
 * what they must keep, so a connection holds only its unfinished message, not a copy of its last read.
 */
final class ReadBytes {
    /** Takes {@code length} bytes at {@code offset}; they are valid only during the call. */
    interface Sink {
        void accept(byte[] bytes, int offset, int length);
    }

    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[0];
        }
    };

    private ReadBytes() {}

    static void feed(ByteBuf buf, Sink sink) {
        int length = buf.readableBytes();
        if (buf.hasArray()) {
            sink.accept(buf.array(), buf.arrayOffset() + buf.readerIndex(), length);
            return;
        }
        byte[] scratch = SCRATCH.get();
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, 2048)];
            SCRATCH.set(scratch);
        }
        buf.getBytes(buf.readerIndex(), scratch, 0, length);
        sink.accept(scratch, 0, length);
    }
}
