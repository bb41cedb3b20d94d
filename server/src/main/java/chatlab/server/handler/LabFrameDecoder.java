package chatlab.server.handler;

import chatlab.protocol.lab.LabInbound;
import chatlab.protocol.lab.LabReadFramer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a lab client's bytes into {@link LabInbound} messages. Netty calls {@code channelReadComplete} after each
 * batch of socket reads, which is this wire's only message boundary besides newlines.
 */
public final class LabFrameDecoder extends ChannelInboundHandlerAdapter {
    private final LabReadFramer framer;
    private final List<LabInbound> decoded = new ArrayList<>();
    private byte[] scratch = new byte[0];

    public LabFrameDecoder(int maxMessageBytes) {
        this.framer = new LabReadFramer(maxMessageBytes);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            int length = buf.readableBytes();
            if (buf.hasArray()) {
                framer.feed(buf.array(), buf.arrayOffset() + buf.readerIndex(), length, decoded::add);
            } else {
                if (scratch.length < length) {
                    scratch = new byte[Math.max(length, 2048)];
                }
                buf.getBytes(buf.readerIndex(), scratch, 0, length);
                framer.feed(scratch, 0, length, decoded::add);
            }
        } finally {
            buf.release();
        }
        fireDecoded(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        framer.endOfRead(decoded::add);
        fireDecoded(ctx);
        ctx.fireChannelReadComplete();
    }

    /** The peer is gone or half-closed: its unterminated last line still counts, before the leave. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        framer.endOfStream(decoded::add);
        fireDecoded(ctx);
        ctx.fireChannelInactive();
    }

    private void fireDecoded(ChannelHandlerContext ctx) {
        for (int i = 0; i < decoded.size(); i++) {
            ctx.fireChannelRead(decoded.get(i));
        }
        decoded.clear();
    }
}
