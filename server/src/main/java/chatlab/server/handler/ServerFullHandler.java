package chatlab.server.handler;

import chatlab.protocol.lab.LabFormat;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** The whole pipeline of a connection over the connection limit: one line saying so, then close. */
public final class ServerFullHandler extends ChannelInboundHandlerAdapter {
    private final int limit;

    public ServerFullHandler(int limit) {
        this.limit = limit;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(LabFormat.noticeBytes(Notices.serverFull(limit))))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        io.netty.util.ReferenceCountUtil.release(msg);
    }
}
