package chatlab.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.MessageSizeEstimator;

/**
 * Sizes a queued write by the memory it holds (its buffer's capacity), not only by the bytes it will send, so a
 * connection's write-buffer water marks, and with them flow control ({@link SlowReaders}), bound its memory. Netty's
 * default counts readable bytes: a recipient's buffer for one turn ({@link Outbound}) that holds one short message
 * in a few hundred bytes of capacity would count for a fraction of what it holds.
 */
final class HeldBytesEstimator implements MessageSizeEstimator {
    static final HeldBytesEstimator INSTANCE = new HeldBytesEstimator();
    /** What Netty's default estimator assumes for anything it cannot size. */
    private static final int UNKNOWN_BYTES = 8;

    private static final Handle HANDLE = message -> {
        if (message instanceof ByteBuf buf) {
            return buf.capacity();
        }
        if (message instanceof ByteBufHolder holder) {
            return holder.content().capacity();
        }
        return UNKNOWN_BYTES;
    };

    private HeldBytesEstimator() {
    }

    @Override
    public Handle newHandle() {
        return HANDLE;
    }
}
