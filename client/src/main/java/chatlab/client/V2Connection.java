package chatlab.client;

import chatlab.client.tls.ServerTrust;
import chatlab.client.tls.TlsHandshakeException;
import chatlab.client.tls.TlsSettings;
import chatlab.client.tls.UntrustedServerException;
import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ClientMessageEncoder;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageDecoder;
import chatlab.protocol.v2.V2DecodeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;

/** One TCP connection to a v2 server: JSON lines out, decoded server messages in. */
final class V2Connection {
    /** Longest line accepted from the server (a welcome lists every user). */
    static final int MAX_SERVER_LINE_BYTES = 8 * 1024 * 1024;


    /** What the connection reports; called on its event loop. */
    interface Listener {
        void message(V2Connection connection, ServerMessage message);

        /** The server does not speak v2: a lab server answered, or something else that is not JSON lines. */
        void notV2(V2Connection connection, String what);

        void closed(V2Connection connection, String reason);
    }

    private final ClientMessageEncoder encoder = new ClientMessageEncoder();
    private Channel channel;
    /** The server address this connection reached (null for one made elsewhere). */
    private InetAddress server;

    static V2Connection connect(EventLoopGroup group, ServerAddresses servers, int port,
            Optional<InetAddress> bindAddress, Optional<TlsSettings> tls, Duration silentServer, Duration connectTimeout,
            Listener listener) throws IOException {
        String host = servers.host();
        SslContext tlsContext = tls.isPresent() ? clientContext(host + ":" + port, tls.get()) : null;
        V2Connection connection = new V2Connection();
        Channel channel = TcpConnector.connect(group, servers, port, bindAddress, connectTimeout, ch -> {
            if (tlsContext != null) {
                SslHandler ssl = tlsContext.newHandler(ch.alloc(), host, port);
                SSLParameters parameters = ssl.engine().getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the name must match
                ssl.engine().setSSLParameters(parameters);
                ch.pipeline().addLast("tls", ssl);
            }
            ch.pipeline().addLast(new IdleStateHandler(silentServer.toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                    .addLast(new SilentServer(silentServer))
                    .addLast(new WireCheck(connection, listener))
                    .addLast(new LineBasedFrameDecoder(MAX_SERVER_LINE_BYTES))
                    .addLast(new Reader(connection, listener));
        });
        connection.channel = channel;
        connection.server = ((InetSocketAddress) channel.remoteAddress()).getAddress();
        if (tlsContext != null) {
            awaitHandshake(channel, host, port);
        }
        return connection;
    }

    /** The server address this connection reached; null for one made elsewhere. */
    InetAddress server() {
        return server;
    }

    /** A connection over a channel made elsewhere (tests: an embedded channel). */
    static V2Connection over(Channel channel) {
        V2Connection connection = new V2Connection();
        connection.channel = channel;
        return connection;
    }

    private static SslContext clientContext(String server, TlsSettings settings) throws IOException {
        return SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .trustManager(new ServerTrust(server, settings))
                .build();
    }

    /** Waits for the TLS handshake, so a refused certificate is an error of {@code connect}, with its reason. */
    private static void awaitHandshake(Channel channel, String host, int port) throws IOException {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        Future<Channel> handshake = ssl.handshakeFuture().awaitUninterruptibly();
        if (handshake.isSuccess()) {
            return;
        }
        channel.close();
        Throwable cause = handshake.cause();
        UntrustedServerException untrusted = null;
        String reason = cause.getMessage();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof UntrustedServerException u) {
                untrusted = u;
                reason = u.getMessage();
                break;
            }
            if (t instanceof CertificateException) {
                reason = t.getMessage();
            }
        }
        throw new TlsHandshakeException("TLS with " + host + " port " + port + " failed: " + reason, untrusted);
    }

    Future<Void> send(ClientMessage message) {
        return channel.writeAndFlush(Unpooled.wrappedBuffer(encoder.encode(message)));
    }

    Future<Void> close() {
        return channel.close();
    }

    /** Completes when the connection is closed, by either side. */
    Future<Void> closed() {
        return channel.closeFuture();
    }

    boolean isOpen() {
        return channel.isActive();
    }

    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /**
     * A live server sends something within its ping interval (30 s) of silence, so a longer silence means it is gone
     * without closing (a crash, a cut cable): the connection is dropped and the session reconnects.
     */
    private static final class SilentServer extends ChannelInboundHandlerAdapter {
        private final Duration limit;

        SilentServer(Duration limit) {
            this.limit = limit;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                ctx.fireExceptionCaught(new IOException("no word from the server for " + limit.toMillis() / 1000.0 + " s"));
                return;
            }
            ctx.fireUserEventTriggered(event);
        }
    }

    /**
     * A v2 server's first byte is '{'; a lab server's first data is '!' (its user map) or a relay, a web server's
     * a status line.
     */
    private static final class WireCheck extends ChannelInboundHandlerAdapter {
        private final V2Connection connection;
        private final Listener listener;

        WireCheck(V2Connection connection, Listener listener) {
            this.connection = connection;
            this.listener = listener;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            if (buf.isReadable() && buf.getByte(buf.readerIndex()) != '{') {
                // Enough for a first line to quote (a status line, a prompt); the quote is cut shorter.
                String start = buf.toString(buf.readerIndex(), Math.min(buf.readableBytes(), 256),
                        StandardCharsets.UTF_8);
                buf.release();
                listener.notV2(connection, start);
                ctx.close();
                return;
            }
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(buf);
        }
    }

    private static final class Reader extends ChannelInboundHandlerAdapter {
        private final ServerMessageDecoder decoder = new ServerMessageDecoder();
        private final V2Connection connection;
        private final Listener listener;
        private String failure;

        Reader(V2Connection connection, Listener listener) {
            this.connection = connection;
            this.listener = listener;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf line = (ByteBuf) msg;
            try {
                if (!line.isReadable()) {
                    return;
                }
                listener.message(connection, decoder.decode(ByteBufUtil.getBytes(line)));
            } catch (V2DecodeException e) {
                failure = "the server sent a line this client cannot read: " + e.getMessage();
                ctx.close();
            } finally {
                line.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failure = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            listener.closed(connection, failure == null ? "the server closed the connection" : failure);
        }
    }
}
