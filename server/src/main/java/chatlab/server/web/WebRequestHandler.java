package chatlab.server.web;

import chatlab.server.handler.DisconnectReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;

/**
 * Answers one HTTP connection's requests, in order: the page's files for GET and HEAD, the WebSocket upgrade at
 * {@link WebConfig#WEBSOCKET_PATH}, and a short plain-text answer for anything else. Every answer carries the
 * {@link SecurityHeaders}. Files are revalidated on every use ({@code Cache-Control: no-cache} with an ETag, so an
 * unchanged file costs a 304 and no body): their names carry no version, and a page must never mix the modules of
 * two releases.
 */
final class WebRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final StaticFiles files;
    private final WebSocketUpgrade upgrade;
    private final boolean requireTls;

    WebRequestHandler(StaticFiles files, WebSocketUpgrade upgrade, boolean requireTls) {
        this.files = files;
        this.upgrade = upgrade;
        this.requireTls = requireTls;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            if (cause instanceof TooLongHttpLineException) {
                close(ctx, text(HttpResponseStatus.REQUEST_URI_TOO_LONG,
                        WebTexts.requestLineTooLong(WebConfig.MAX_REQUEST_LINE_BYTES)));
            } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
                close(ctx, text(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        WebTexts.headersTooLarge(WebConfig.MAX_HEADER_BYTES)));
            } else {
                close(ctx, text(HttpResponseStatus.BAD_REQUEST, WebTexts.badRequest()));
            }
            return;
        }
        boolean get = request.method().equals(HttpMethod.GET);
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (!get && !head) {
            FullHttpResponse response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, WebTexts.methodNotAllowed());
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            close(ctx, response);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).rawPath();
        boolean tls = ctx.pipeline().get(SslHandler.class) != null;
        if (path.equals(WebConfig.WEBSOCKET_PATH)) {
            if (get && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
                upgrade.upgrade(ctx, request, tls);
            } else {
                FullHttpResponse response = text(HttpResponseStatus.UPGRADE_REQUIRED, WebTexts.upgradeRequired());
                response.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
                        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
                close(ctx, response);
            }
            return;
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (requireTls && !tls && host != null && !host.isEmpty()) {
            // --require-tls: a login over this page would be refused; send the browser to the same page over TLS.
            FullHttpResponse response = text(HttpResponseStatus.PERMANENT_REDIRECT, "https://" + host + request.uri());
            response.headers().set(HttpHeaderNames.LOCATION, "https://" + host + request.uri());
            close(ctx, response);
            return;
        }
        var file = files.get(path);
        if (file.isEmpty()) {
            respond(ctx, request, text(HttpResponseStatus.NOT_FOUND, WebTexts.notFound()));
            return;
        }
        respond(ctx, request, fileResponse(request, file.get(), head));
    }

    private static FullHttpResponse fileResponse(FullHttpRequest request, StaticFiles.File file, boolean head) {
        boolean gzip = file.gzip() != null
                && AcceptEncoding.allowsGzip(request.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
        String etag = gzip ? file.gzipEtag() : file.etag();
        byte[] body = gzip ? file.gzip() : file.plain();
        boolean notModified = matches(request.headers().get(HttpHeaderNames.IF_NONE_MATCH), etag);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                notModified ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK,
                notModified || head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        var headers = response.headers();
        SecurityHeaders.addTo(headers);
        headers.set(HttpHeaderNames.ETAG, etag)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        if (file.gzip() != null) {
            headers.set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        }
        if (!notModified) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, file.contentType())
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            if (gzip) {
                headers.set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
            }
        }
        return response;
    }

    /** If-None-Match (RFC 9110 section 13.1.2): {@code *}, or a list of tags compared weakly. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String candidate = tag.trim();
            if (candidate.equals("*") || candidate.equals(etag)
                    || (candidate.startsWith("W/") && candidate.substring(2).equals(etag))) {
                return true;
            }
        }
        return false;
    }

    /** A short plain-text answer; the connection is closed after it (an error ends the conversation). */
    static FullHttpResponse text(HttpResponseStatus status, String sentence) {
        ByteBuf body = Unpooled.copiedBuffer(sentence + "\n", StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        SecurityHeaders.addTo(response.headers());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    /** Sends the answer and keeps the connection when the request asked for that (HTTP/1.1 does by default). */
    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        if (HttpUtil.isKeepAlive(request)) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            close(ctx, response);
        }
    }

    static void close(ChannelHandlerContext ctx, FullHttpResponse response) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** An HTTP connection with no request for the idle timeout is closed (it has nothing to say, and is not logged). */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            DisconnectReason.record(ctx.channel(), "no HTTP request within the idle timeout");
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or a TLS failure on a connection that only fetched files: nobody to tell, nothing to log.
        DisconnectReason.record(ctx.channel(), String.valueOf(cause.getMessage()));
        ctx.close();
    }
}
