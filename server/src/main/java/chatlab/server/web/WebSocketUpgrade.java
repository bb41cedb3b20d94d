package chatlab.server.web;

import chatlab.protocol.Limits;
import chatlab.protocol.v2.Wire;
import chatlab.server.handler.ChannelWire;
import chatlab.server.handler.DisconnectReason;
import chatlab.server.handler.SessionRoom;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Turns an HTTP connection into a v2 session over WebSocket (RFC 6455), after the origin check. The connection then
 * has the v2 wire's own stages, {@code v2-idle} and {@code v2-session}, behind three WebSocket stages: so a browser
 * user registers, logs in, is rate limited, timed out, logged and relayed exactly as a v2 client over TCP is. One
 * WebSocket text message carries one v2 JSON message; a message longer than the v2 line limit ends the connection
 * (close code 1009) before its payload is read.
 */
final class WebSocketUpgrade {
    private final Limits limits;
    private final OriginCheck origins;
    private final SessionRoom room;
    private final Supplier<ChannelHandler> v2Session;

    /** @param v2Session makes the v2 session stage, as for a v2 client over TCP */
    WebSocketUpgrade(Limits limits, OriginCheck origins, SessionRoom room, Supplier<ChannelHandler> v2Session) {
        this.limits = limits;
        this.origins = origins;
        this.room = room;
        this.v2Session = v2Session;
    }

    void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, boolean tls) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (!origins.allows(origin, request.headers().get(HttpHeaderNames.HOST), tls)) {
            refuse(ctx, WebTexts.originRefusedReason(origin), HttpResponseStatus.FORBIDDEN, WebTexts.originRefused());
            return;
        }
        WebSocketDecoderConfig frames = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(limits.maxLineBytes())
                .allowExtensions(false)
                .allowMaskMismatch(false) // RFC 6455 section 5.1: a client masks every frame
                .closeOnProtocolViolation(false) // WebSocketControl closes, with the reason recorded
                .build();
        String url = (tls ? "wss://" : "ws://") + request.headers().get(HttpHeaderNames.HOST, "localhost")
                + WebConfig.WEBSOCKET_PATH;
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, null, frames)
                .newHandshaker(request);
        if (handshaker == null) {
            refuse(ctx, WebTexts.protocolError(WebTexts.websocketVersion()), HttpResponseStatus.UPGRADE_REQUIRED,
                    WebTexts.websocketVersion());
            return;
        }
        ChannelWire.set(ctx.channel(), Wire.V2);
        BrowserSessions.mark(ctx.channel());
        // The v2 stages go in before the handshake answer is written, so they are there for the first frame.
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.remove(WebWire.HTTP_IDLE);
        String self = ctx.name();
        // RFC 6455 section 8.1: a text message that is not UTF-8 fails the connection (close code 1007).
        pipeline.addAfter(self, "ws-utf8", new Utf8FrameValidator(false))
                .addAfter("ws-utf8", "ws-aggregator", new WebSocketFrameAggregator(limits.maxLineBytes()))
                .addAfter("ws-aggregator", "ws-control", new WebSocketControl(limits))
                .addAfter("ws-control", "ws-in", new FramesToV2())
                .addAfter("ws-in", "ws-out", new V2LinesToFrames())
                .addAfter("ws-out", "v2-idle", new IdleStateHandler(
                        limits.pingInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addAfter("v2-idle", "v2-session", v2Session.get());
        pipeline.remove(self);
        handshaker.handshake(ctx.channel(), request);
    }

    /**
     * A refused upgrade is logged like a v2 connection that ended before it registered (the v2 session logs the end
     * of an upgraded one), with its reason; the page's file requests are not logged.
     */
    private void refuse(ChannelHandlerContext ctx, String reason, HttpResponseStatus status, String sentence) {
        DisconnectReason.record(ctx.channel(), reason);
        ctx.channel().closeFuture().addListener(closed -> room.leave(ctx.channel()));
        WebRequestHandler.close(ctx, WebRequestHandler.text(status, sentence));
    }
}
