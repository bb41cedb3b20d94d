package chatlab.server.handler;

import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ClientMessageDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LineBasedFrameDecoder;

/**
 * Cuts a v2 connection's bytes into lines and decodes each into a {@link ClientMessage}. A line over the limit is
 * discarded as it arrives and Netty reports it as a {@link io.netty.handler.codec.TooLongFrameException}, which the
 * session answers with {@code too_long}; the connection goes on with the next line.
 */
public final class V2FrameDecoder extends LineBasedFrameDecoder {
    private final ClientMessageDecoder decoder = new ClientMessageDecoder();
    private final int maxLineBytes;

    public V2FrameDecoder(int maxLineBytes) {
        super(maxLineBytes, true, false);
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
        ByteBuf line = (ByteBuf) super.decode(ctx, buffer);
        if (line == null) {
            return null;
        }
        try {
            int length = line.readableBytes();
            if (length > 0 && line.getByte(line.readerIndex() + length - 1) == '\r') {
                length--;
            }
            if (length == 0) {
                return null; // blank lines are allowed between messages and mean nothing
            }
            return decoder.decode(ByteBufUtil.getBytes(line, line.readerIndex(), length));
        } finally {
            line.release();
        }
    }

    /** The limit, for the error sentence. */
    public int maxLineBytes() {
        return maxLineBytes;
    }
}
