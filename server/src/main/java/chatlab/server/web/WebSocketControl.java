package chatlab.server.web;

import chatlab.protocol.Limits;
import chatlab.protocol.TokenBucket;
import chatlab.server.handler.DisconnectReason;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * The WebSocket's own control frames (RFC 6455 section 5.5), kept away from the v2 session:
 *
 * <ul>
 *   <li>A ping is answered with a pong, at most at the v2 rate limit (a flood of pings gets no flood of pongs; the
 *       page itself never pings: keepalive is the v2 wire's {@code ping}).
 *   <li>A close from the browser is answered with a close, then the connection ends ("closed by the client").
 *   <li>Whoever closes the connection on the server's side (a fatal v2 error, the shutdown, a slow reader) sends a
 *       close frame first, so the browser sees a clean close.
 *   <li>A message over the line limit, a frame that breaks RFC 6455 or a text that is not UTF-8 ends the connection
 *       with the matching close code (1009, 1002, 1007) and the reason in the log: the frame decoder stops reading at
 *       the frame's header, so an oversized message costs the server nothing.
 * </ul>
 */
final class WebSocketControl extends ChannelDuplexHandler {
    private final Limits limits;
    private final TokenBucket pongs;
    private boolean closeSent;

    WebSocketControl(Limits limits) {
        this.limits = limits;
        this.pongs = new TokenBucket(limits.messagesPerSecond(), limits.burstMessages(), System::nanoTime);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PingWebSocketFrame ping) {
            if (!closeSent && pongs.tryTake()) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()), ctx.voidPromise());
            }
            ping.release();
        } else if (msg instanceof PongWebSocketFrame) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof CloseWebSocketFrame close) {
            close.release();
            ctx.channel().close(); // answered with a close frame by close() below
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        closeWith(ctx, WebSocketCloseStatus.NORMAL_CLOSURE, promise);
    }

    private void closeWith(ChannelHandlerContext ctx, WebSocketCloseStatus status, ChannelPromise promise) {
        if (closeSent || !ctx.channel().isActive()) {
            ctx.close(promise);
            return;
        }
        closeSent = true;
        ctx.writeAndFlush(new CloseWebSocketFrame(status)).addListener(written -> ctx.close(promise));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || (cause instanceof CorruptedWebSocketFrameException corrupt
                && corrupt.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code())) {
            // The frame decoder refuses a frame over the limit, the aggregator a message of frames over it.
            DisconnectReason.record(ctx.channel(), WebTexts.frameTooLong(limits.maxLineBytes()));
            closeWith(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, ctx.newPromise());
        } else if (cause instanceof CorruptedWebSocketFrameException corrupt) {
            DisconnectReason.record(ctx.channel(), WebTexts.protocolError(corrupt.getMessage()));
            closeWith(ctx, corrupt.closeStatus(), ctx.newPromise());
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
