package chatlab.server;

import chatlab.server.handler.DisconnectReason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.time.Duration;

/**
 * The first stage of a connection on a server with TLS. A connection whose first byte does not start a TLS record is
 * plain text: the guard steps aside. For a TLS connection it stays in front of the TLS stage (which the wire detector
 * installs on that first byte) and watches the record headers, which are not encrypted:
 *
 * <ul>
 *   <li><b>Renegotiation is refused.</b> Once the handshake is done, a record of type handshake from the client can
 *       only start a new handshake: TLS 1.2 renegotiation (RFC 5246 section 7.4.1.2; RFC 5746). TLS 1.3 has none and
 *       sends its post-handshake messages (KeyUpdate) inside application-data records (RFC 8446 section 5.2). The
 *       JDK's engine would answer each such ClientHello with a full handshake, signature included, as often as the
 *       client asks; the JDK's own switch, {@code jdk.tls.rejectClientInitiatedRenegotiation}, is one system property
 *       for the whole JVM, read once. The guard closes the connection instead, with that reason.
 *   <li><b>Until the handshake is done, records go on one at a time</b>, so when the guard looks at a record's type, the
 *       TLS stage has already handled every record before it: a ClientHello sent right behind the client's Finished
 *       is seen as what it is.
 *   <li><b>A failed handshake says why</b> (timed out, failed with the engine's reason, or the client left), as the
 *       connection's disconnect reason, instead of an internal error or "closed by the client".
 * </ul>
 */
final class TlsGuard extends ChannelInboundHandlerAdapter {
    /** RFC 8446 section 5.1 (and RFC 5246 section 6.2.1): a record header is type (1), version (2), length (2). */
    private static final int HEADER_BYTES = 5;
    /** ContentType handshake (22), RFC 8446 section 5.1. */
    private static final byte HANDSHAKE = 22;

    private final Duration handshakeTimeout;
    private SslHandler tls;
    /** Bytes of the current record's header seen so far (0 at a record's start). */
    private int headerSeen;
    private int lengthHigh;
    private int bodyLeft;
    private boolean refused;

    TlsGuard(Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (refused) {
            buf.release();
            return;
        }
        if (tls == null && buf.isReadable() && buf.getByte(buf.readerIndex()) != HANDSHAKE) {
            ctx.pipeline().remove(this); // plain text: nothing to guard
            ctx.fireChannelRead(buf);
            return;
        }
        try {
            walk(ctx, buf);
        } finally {
            buf.release();
        }
    }

    /** Passes the bytes on, record by record until the handshake is done, and stops at a renegotiation. */
    private void walk(ChannelHandlerContext ctx, ByteBuf buf) {
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        int i = start;
        while (i < end) {
            if (bodyLeft > 0) {
                int skip = Math.min(bodyLeft, end - i);
                bodyLeft -= skip;
                i += skip;
                continue;
            }
            if (headerSeen == 0) {
                if (!handshakeDone() && i > start) {
                    forward(ctx, buf, start, i);
                    start = i;
                    if (!findTls(ctx)) {
                        forward(ctx, buf, start, end); // the detector did not start TLS: nothing to guard
                        return;
                    }
                    if (!ctx.channel().isOpen()) {
                        return;
                    }
                }
                if (handshakeDone() && buf.getByte(i) == HANDSHAKE) {
                    forward(ctx, buf, start, i);
                    refuseRenegotiation(ctx.channel());
                    return;
                }
            }
            int b = buf.getByte(i++) & 0xff;
            headerSeen++;
            if (headerSeen == HEADER_BYTES - 1) {
                lengthHigh = b;
            } else if (headerSeen == HEADER_BYTES) {
                bodyLeft = lengthHigh << 8 | b;
                headerSeen = 0;
            }
        }
        forward(ctx, buf, start, end);
        findTls(ctx);
    }

    private boolean handshakeDone() {
        return tls != null && tls.handshakeFuture().isSuccess();
    }

    private static void forward(ChannelHandlerContext ctx, ByteBuf buf, int from, int to) {
        if (to > from) {
            ctx.fireChannelRead(buf.retainedSlice(from, to - from));
        }
    }

    /**
     * After the first bytes went on, the wire detector has put the TLS stage behind this one (or, for a connection
     * refused at admission, has not: the guard then steps aside). Returns whether there is a TLS stage to guard.
     */
    private boolean findTls(ChannelHandlerContext ctx) {
        if (tls != null) {
            return true;
        }
        tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            if (ctx.pipeline().context(this) != null) {
                ctx.pipeline().remove(this);
            }
            return false;
        }
        Channel channel = ctx.channel();
        tls.handshakeFuture().addListener(done -> {
            if (!done.isSuccess()) {
                DisconnectReason.record(channel, failureReason(channel, done.cause()));
            }
        });
        return true;
    }

    private String failureReason(Channel channel, Throwable cause) {
        if (cause instanceof SslHandshakeTimeoutException) {
            return DisconnectReason.tlsHandshakeTimedOut(handshakeTimeout);
        }
        if (!channel.isActive()) {
            return DisconnectReason.CLOSED_DURING_TLS_HANDSHAKE;
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        return DisconnectReason.tlsHandshakeFailed(
                root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
    }

    private void refuseRenegotiation(Channel channel) {
        refused = true;
        DisconnectReason.record(channel, DisconnectReason.TLS_RENEGOTIATION_REFUSED);
        channel.close(); // from the tail: the TLS stage sends close_notify first
    }
}
