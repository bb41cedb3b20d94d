package chatlab.server.handler;

import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ClientMessageDecoder;
import chatlab.protocol.v2.V2LineFramer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a v2 connection's bytes into lines ({@link V2LineFramer}) and decodes each into a {@link ClientMessage}. The
 * read buffer is released after every read: a connection that sent half a line holds only that half. A line over the
 * limit becomes a {@link Refusal} ({@code too_long}) as soon as it passes the limit, and the connection goes on with
 * the next line; a line discarded past the discard limit becomes a fatal one ({@code endless_line}).
 */
public final class V2FrameDecoder extends ChannelInboundHandlerAdapter implements V2LineFramer.Sink {
    private final ClientMessageDecoder decoder = new ClientMessageDecoder();
    private final V2LineFramer framer;
    /** Messages and refusals of the current read, handed on once the read is framed. */
    private final List<Object> decoded = new ArrayList<>();
    private final ReadBytes.Sink intoFramer;

    public V2FrameDecoder(int maxLineBytes, long maxDiscardBytes) {
        this.framer = new V2LineFramer(maxLineBytes, maxDiscardBytes);
        this.intoFramer = (bytes, offset, length) -> framer.feed(bytes, offset, length, this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            ReadBytes.feed(buf, intoFramer);
        } finally {
            buf.release();
        }
        for (int i = 0; i < decoded.size(); i++) {
            ctx.fireChannelRead(decoded.get(i));
        }
        decoded.clear();
    }

    @Override
    public void line(byte[] bytes, int offset, int length) {
        if (length > 0) { // blank lines are allowed between messages and mean nothing
            decoded.add(decoder.decode(bytes, offset, length));
        }
    }

    @Override
    public void tooLong(int limitBytes) {
        decoded.add(Refusal.v2LineTooLong(limitBytes));
    }

    @Override
    public void endless(long discardedBytes, long limitBytes) {
        decoded.add(Refusal.endlessLine(discardedBytes, limitBytes));
    }
}
