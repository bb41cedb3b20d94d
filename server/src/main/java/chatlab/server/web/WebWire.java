package chatlab.server.web;

import chatlab.protocol.Limits;
import chatlab.server.handler.DisconnectReason;
import chatlab.server.handler.Refusal;
import chatlab.server.handler.SessionRoom;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The third wire on the chat port: HTTP/1.1 from a browser, for the web client's files and its WebSocket. The wire
 * detector hands a connection here when its first bytes are an HTTP request line ({@link #isRequestLine}); one
 * instance serves the whole server.
 */
public final class WebWire {
    /** The stage that closes an HTTP connection idle for {@link WebConfig#httpIdleTimeout}. */
    static final String HTTP_IDLE = "http-idle";

    private final WebConfig config;
    private final StaticFiles files;
    private final Limits limits;
    private final boolean requireTls;
    private final OriginCheck origins;
    private final Consumer<Channel> notPending;

    /**
     * @param requireTls a page requested without TLS is redirected to https (its login would be refused)
     * @param notPending told of each HTTP connection: it fetches files and is no registration under way, so it does
     *                   not count toward the address's unregistered connections (a browser opens six at once to load
     *                   a page); it still counts toward every other connection limit
     */
    public WebWire(WebConfig config, StaticFiles files, Limits limits, boolean requireTls, Consumer<Channel> notPending) {
        this.config = config;
        this.files = files;
        this.limits = limits;
        this.requireTls = requireTls;
        this.origins = new OriginCheck(config.allowedOrigins());
        this.notPending = notPending;
    }

    /**
     * Whether the first bytes of a connection (its first read) begin with a whole HTTP/1.x request line: a method (a
     * token of upper-case letters), a space, a request target (visible ASCII), a space, {@code HTTP/1.} and a digit,
     * CR LF (RFC 9112 section 3). No lab name can be that: a lab name's first line would be the name, and a line
     * with these three parts is no name a person types; a browser sends its whole request line at once. A first
     * read that is a method, a space and a path going on past {@link WebConfig#MAX_REQUEST_LINE_BYTES} is HTTP too
     * (a request line too long, answered 414): no name is that long.
     */
    public static boolean isRequestLine(ByteBuf first) {
        int start = first.readerIndex();
        int end = start + Math.min(first.readableBytes(), WebConfig.MAX_REQUEST_LINE_BYTES);
        int i = start;
        while (i < end && i - start < 20 && first.getByte(i) >= 'A' && first.getByte(i) <= 'Z') {
            i++;
        }
        if (i == start || i >= end || first.getByte(i) != ' ') {
            return false;
        }
        int target = ++i;
        while (i < end && first.getByte(i) > ' ' && first.getByte(i) < 0x7f) {
            i++;
        }
        if (i == end && end - start == WebConfig.MAX_REQUEST_LINE_BYTES && first.getByte(target) == '/') {
            return true; // a request line over the limit (no name is that long): the HTTP stage answers 414
        }
        if (i == target || i >= end || first.getByte(i) != ' ') {
            return false;
        }
        i++;
        byte[] version = {'H', 'T', 'T', 'P', '/', '1', '.'};
        for (byte expected : version) {
            if (i >= end || first.getByte(i++) != expected) {
                return false;
            }
        }
        return i + 2 < end && first.getByte(i) >= '0' && first.getByte(i) <= '9'
                && first.getByte(i + 1) == '\r' && first.getByte(i + 2) == '\n';
    }

    /**
     * Puts the HTTP stages behind {@code after}.
     *
     * @param v2Session makes the v2 session stage for a page that opens the WebSocket
     */
    public void install(ChannelPipeline pipeline, String after, SessionRoom room, Supplier<ChannelHandler> v2Session) {
        notPending.accept(pipeline.channel());
        WebSocketUpgrade upgrade = new WebSocketUpgrade(limits, origins, room, v2Session);
        pipeline.addAfter(after, "http-codec", new HttpServerCodec(WebConfig.MAX_REQUEST_LINE_BYTES,
                        WebConfig.MAX_HEADER_BYTES, WebConfig.MAX_HEADER_BYTES))
                .addAfter("http-codec", HTTP_IDLE, new IdleStateHandler(
                        config.httpIdleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addAfter(HTTP_IDLE, "http-aggregator", new HttpObjectAggregator(WebConfig.MAX_REQUEST_BODY_BYTES))
                .addAfter("http-aggregator", "http-requests", new WebRequestHandler(files, upgrade, requireTls));
    }

    /** A connection refused at admission (server full, too many from its address) is told so in HTTP, then closed. */
    public static void refuse(ChannelHandlerContext ctx, Refusal refusal) {
        var response = WebRequestHandler.text(HttpResponseStatus.SERVICE_UNAVAILABLE,
                WebTexts.unavailable(refusal.notice()));
        response.headers().set("Retry-After", "10");
        DisconnectReason.record(ctx.channel(), refusal.logReason());
        ctx.pipeline().addBefore(ctx.name(), "http-encoder", new HttpResponseEncoder());
        WebRequestHandler.close(ctx, response);
    }
}
