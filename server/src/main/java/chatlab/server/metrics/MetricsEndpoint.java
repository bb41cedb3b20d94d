package chatlab.server.metrics;

import chatlab.server.PortInUseException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Serves {@code GET /metrics} over HTTP/1.1 on an address of its own ({@code --metrics ADDR:PORT}), with Netty's HTTP
 * codec on one thread of its own: a scrape never runs on the chat's event loops, it only asks the rooms' loop for a
 * snapshot of the counts, which waits behind the loop's current turn. Requests are small (a scraper's GET), an idle
 * connection is closed after {@link #IDLE_TIMEOUT_SECONDS}, and anything but GET or HEAD of /metrics gets an error.
 */
public final class MetricsEndpoint implements AutoCloseable {
    /** A request line and headers longer than this are refused (a scraper sends a few hundred bytes). */
    static final int MAX_REQUEST_BYTES = 8 * 1024;

    /** A connection with no request for this long is closed (Prometheus scrapes every 15 s to 1 min by default). */
    static final int IDLE_TIMEOUT_SECONDS = 120;

    /** The path the metrics are served at, as Prometheus expects by default. */
    public static final String PATH = "/metrics";

    private final EventLoopGroup group;
    private final Channel listener;

    private MetricsEndpoint(EventLoopGroup group, Channel listener) {
        this.group = group;
        this.listener = listener;
    }

    /**
     * Listens on {@code address}; each scrape answers with what {@code body} completes with (the text format), or
     * 503 with the failure's message when it fails.
     *
     * @throws PortInUseException when another socket holds the address and port
     * @throws IOException        when it cannot listen for another reason
     */
    public static MetricsEndpoint start(InetSocketAddress address, Supplier<CompletionStage<String>> body)
            throws IOException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ChannelFuture bound = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(io.netty.channel.ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new ReadTimeoutHandler(IDLE_TIMEOUT_SECONDS, TimeUnit.SECONDS),
                                new HttpServerCodec(MAX_REQUEST_BYTES, MAX_REQUEST_BYTES, MAX_REQUEST_BYTES),
                                new HttpObjectAggregator(MAX_REQUEST_BYTES), new Scrape(body));
                    }
                }).bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            Throwable cause = bound.cause();
            if (PortInUseException.isInUse(cause)) {
                throw new PortInUseException(address, cause);
            }
            throw new IOException("cannot listen for metrics on " + address.getAddress().getHostAddress() + " port "
                    + address.getPort() + ": " + cause.getMessage(), cause);
        }
        return new MetricsEndpoint(group, bound.channel());
    }

    /** Where it listens (the port it got when asked for port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Answers one request at a time per connection, in order (HTTP/1.1 without pipelining surprises). */
    private static final class Scrape extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Supplier<CompletionStage<String>> body;

        Scrape(Supplier<CompletionStage<String>> body) {
            this.body = body;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            boolean head = request.method().equals(HttpMethod.HEAD);
            if (!request.decoderResult().isSuccess()) {
                respond(ctx, HttpResponseStatus.BAD_REQUEST, "bad request\n", false, false);
                return;
            }
            if (!new QueryStringDecoder(request.uri()).path().equals(PATH)) {
                respond(ctx, HttpResponseStatus.NOT_FOUND, "the metrics are at " + PATH + "\n", keepAlive, head);
                return;
            }
            if (!head && !request.method().equals(HttpMethod.GET)) {
                FullHttpResponse refused = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET\n", false);
                refused.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
                send(ctx, refused, keepAlive);
                return;
            }
            ctx.channel().config().setAutoRead(false); // one scrape at a time per connection
            body.get().whenComplete((text, failure) -> ctx.executor().execute(() -> {
                ctx.channel().config().setAutoRead(true);
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause()
                            != null ? failure.getCause() : failure;
                    respond(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, cause.getMessage() + "\n", false, head);
                } else {
                    respond(ctx, HttpResponseStatus.OK, text, keepAlive, head);
                }
            }));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset or an idle connection: nobody to tell
        }

        private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String text,
                boolean keepAlive, boolean head) {
            send(ctx, text(status, text, head), keepAlive);
        }

        private static FullHttpResponse text(HttpResponseStatus status, String text, boolean head) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, status == HttpResponseStatus.OK
                    ? PrometheusText.CONTENT_TYPE : "text/plain; charset=utf-8");
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            return response;
        }

        private static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response);
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
