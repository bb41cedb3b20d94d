package chatlab.server.handler;

import chatlab.protocol.lab.LabInbound;
import chatlab.protocol.lab.LabReadFramer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Turns a lab client's bytes into {@link LabInbound} messages. Netty calls {@code channelReadComplete} after each
 * batch of socket reads, which is this wire's only message boundary besides newlines.
 */
public final class LabFrameDecoder extends ChannelInboundHandlerAdapter {
    /** In line mode, a line without its newline counts as sent after this pause (a fast sender's next read comes sooner). */
    static final long LINE_PAUSE_MILLIS = 200;

    private final LabReadFramer framer;
    private io.netty.util.concurrent.ScheduledFuture<?> pauseTimer;
    private final List<LabInbound> decoded = new ArrayList<>();
    /** The read's bytes into the framer, its messages into {@link #decoded}: made once, not per read. */
    private final ReadBytes.Sink intoFramer;

    /**
     * The first message is the name: its limit is what the longest name may take (4 bytes per character), or the
     * message limit if that is more, so a first message refused as too long is too long as a name.
     */
    public LabFrameDecoder(chatlab.protocol.Limits limits) {
        this.framer = new LabReadFramer(limits.maxMessageBytes(),
                Math.max(limits.maxMessageBytes(), 4 * limits.maxNameChars()), limits.maxDiscardBytes());
        this.intoFramer = (bytes, offset, length) -> framer.feed(bytes, offset, length, decoded::add);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (pauseTimer != null) {
            pauseTimer.cancel(false);
            pauseTimer = null;
        }
        try {
            ReadBytes.feed(buf, intoFramer);
        } finally {
            buf.release();
        }
        fireDecoded(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        framer.endOfRead(decoded::add);
        fireDecoded(ctx);
        // A line being discarded counts too: after a pause, the next text is a new message.
        if (framer.lineMode() && framer.midMessage()) {
            schedulePauseCheck(ctx);
        }
        ctx.fireChannelReadComplete();
    }

    /** Only the sender's pause counts: while the server itself has stopped reading (flow control), wait on. */
    private void schedulePauseCheck(ChannelHandlerContext ctx) {
        if (pauseTimer != null) {
            pauseTimer.cancel(false);
        }
        pauseTimer = ctx.executor().schedule(() -> {
            pauseTimer = null;
            if (!ctx.channel().config().isAutoRead()) {
                schedulePauseCheck(ctx);
                return;
            }
            framer.endOfPause(decoded::add);
            fireDecoded(ctx);
        }, LINE_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The peer is gone or half-closed: its unterminated last line still counts, before the leave. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (pauseTimer != null) {
            pauseTimer.cancel(false);
        }
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
