package chatlab.server;

import io.netty.buffer.ByteBuf;
import java.util.function.Supplier;

/**
 * One v2 server message as the bytes many clients get: encoded once when the first of them needs it, deflated once
 * when it is over {@link #DEFLATE_ABOVE_BYTES} and a client accepts deflate, and each form kept as one shared buffer
 * until {@link #release}. Confined to the room's loop.
 */
final class SharedLine {
    /** Messages longer than this go deflated to the clients that accept it. */
    static final int DEFLATE_ABOVE_BYTES = 1024;

    private final Outbound outbound;
    private final Supplier<byte[]> encode;
    private final chatlab.protocol.v2.ServerMessageEncoder v2;
    private byte[] plain;
    private ByteBuf plainBytes;
    private ByteBuf deflatedBytes;

    SharedLine(Outbound outbound, chatlab.protocol.v2.ServerMessageEncoder v2, Supplier<byte[]> encode) {
        this.outbound = outbound;
        this.v2 = v2;
        this.encode = encode;
    }

    /** The bytes for one client: deflated when it accepts deflate and the message is long enough to gain. */
    ByteBuf bytes(boolean deflate) {
        if (plain == null) {
            plain = encode.get();
        }
        if (deflate && plain.length > DEFLATE_ABOVE_BYTES) {
            if (deflatedBytes == null) {
                deflatedBytes = outbound.share(v2.deflated(plain));
            }
            return deflatedBytes;
        }
        if (plainBytes == null) {
            plainBytes = outbound.share(plain);
        }
        return plainBytes;
    }

    void release() {
        Deliveries.release(plainBytes);
        Deliveries.release(deflatedBytes);
        plainBytes = null;
        deflatedBytes = null;
        plain = null;
    }
}
