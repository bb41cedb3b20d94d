package chatlab.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the bytes a connection reads from its socket and hands to it, first in the pipeline (so with TLS it counts
 * what travels, records and all). Only a server with metrics has it: it costs a pass through one more stage per read
 * and per write. Shared by every connection; the counts are {@code LongAdder}s.
 */
@ChannelHandler.Sharable
final class ByteCounter extends ChannelDuplexHandler {
    /** Its name in the pipeline, where it is first. */
    static final String NAME = "bytes";

    private final ServerCounters counters;

    ByteCounter(ServerCounters counters) {
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            counters.bytesIn(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            counters.bytesOut(buf.readableBytes());
        } else if (msg instanceof ByteBufHolder holder) {
            counters.bytesOut(holder.content().readableBytes());
        }
        ctx.write(msg, promise);
    }
}
