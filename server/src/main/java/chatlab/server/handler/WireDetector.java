package chatlab.server.handler;

import chatlab.protocol.Limits;
import chatlab.protocol.NameRules;
import chatlab.protocol.v2.Wire;
import chatlab.server.web.WebWire;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The first stage of every connection: its first byte decides the wire. {@code {} starts a v2 JSON line (no lab
 * name may start with it); an HTTP request line is a browser (the web client, when it is on); anything else is a lab
 * client's name. The detector then replaces itself with that wire's stages and hands them the bytes. A connection
 * admitted over a limit is told so in its own wire.
 */
public final class WireDetector extends ChannelInboundHandlerAdapter {
    private static final byte TLS_HANDSHAKE_RECORD = 0x16;

    /** How long a connection over a limit may stay silent before it is told in the lab's words and closed. */
    private static final long REFUSE_SILENT_AFTER_MILLIS = 2_000;

    private final SessionRoom room;
    private final NameRules nameRules;
    private final Limits limits;
    private final Refusal admissionRefusal;
    private final Function<Channel, Refusal> browserAdmission;
    private final chatlab.auth.Authenticator authenticator;
    private final io.netty.handler.ssl.SslContext tls;
    private final boolean requireTls;
    private final WebWire web;
    private ScheduledFuture<?> silenceDeadline;

    /**
     * @param admissionRefusal why this connection may not stay (server full, too many from its address), or null
     * @param browserAdmission  when the refusal is for the address's unregistered connections alone: counts the
     *                          connection in if it turns out to be a browser's request (returns null) or says why not;
     *                          otherwise null
     * @param authenticator    checks logins, or null
     * @param tls              the TLS context, or null; a TLS ClientHello (first byte 0x16) is then answered with TLS
     *                         and the wire is detected again inside it
     * @param web              the web client's wire, or null when it is off
     */
    public WireDetector(SessionRoom room, NameRules nameRules, Limits limits, Refusal admissionRefusal,
            Function<Channel, Refusal> browserAdmission, chatlab.auth.Authenticator authenticator, io.netty.handler.ssl.SslContext tls, boolean requireTls,
            WebWire web) {
        this.room = room;
        this.nameRules = nameRules;
        this.limits = limits;
        this.admissionRefusal = admissionRefusal;
        this.browserAdmission = browserAdmission;
        this.authenticator = authenticator;
        this.tls = tls;
        this.requireTls = requireTls;
        this.web = web;
    }

    /** A detector added inside TLS joins a connection that is already active: its deadline starts here. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            startDeadline(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        startDeadline(ctx);
        ctx.fireChannelActive();
    }

    private void startDeadline(ChannelHandlerContext ctx) {
        if (silenceDeadline != null) {
            return;
        }
        long millis = admissionRefusal != null ? REFUSE_SILENT_AFTER_MILLIS : limits.registrationTimeout().toMillis();
        silenceDeadline = ctx.executor().schedule(() -> room.refuse(ctx.channel(),
                admissionRefusal != null ? admissionRefusal : Refusal.registrationTimeout(limits.registrationTimeout())),
                millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf) || buf.readableBytes() == 0) {
            ReferenceCountUtil.release(msg);
            return;
        }
        silenceDeadline.cancel(false);
        byte first = buf.getByte(buf.readerIndex());
        if (first == TLS_HANDSHAKE_RECORD && tls != null && admissionRefusal == null) {
            // RFC 8446 section 5.1: a TLS record of type handshake (22). Decrypt, then detect the wire inside.
            ChannelPipeline pipeline = ctx.pipeline();
            pipeline.addAfter(ctx.name(), "tls", tls.newHandler(ctx.alloc()))
                    .addAfter("tls", "wire-detector-tls",
                            new WireDetector(room, nameRules, limits, null, null, authenticator, null, requireTls, web));
            pipeline.remove(this);
            ctx.fireChannelRead(buf);
            return;
        }
        if (web != null && first != '{' && WebWire.isRequestLine(buf)) {
            http(ctx, buf);
            return;
        }
        Wire wire = first == '{' ? Wire.V2 : Wire.LAB;
        ChannelWire.set(ctx.channel(), wire);
        if (admissionRefusal != null) {
            buf.release();
            ctx.channel().config().setAutoRead(false);
            room.refuse(ctx.channel(), admissionRefusal);
            return;
        }
        ChannelPipeline pipeline = ctx.pipeline();
        String self = ctx.name();
        if (wire == Wire.V2) {
            pipeline.addAfter(self, "v2-idle", new IdleStateHandler(
                            limits.pingInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                    .addAfter("v2-idle", "v2-framer", new V2FrameDecoder(limits.maxLineBytes(), limits.maxDiscardBytes()))
                    .addAfter("v2-framer", "v2-session", new V2SessionHandler(room, nameRules, limits, authenticator, requireTls));
        } else {
            pipeline.addAfter(self, "lab-framer", new LabFrameDecoder(limits))
                    .addAfter("lab-framer", "lab-session", new LabSessionHandler(room, nameRules, limits, authenticator));
        }
        pipeline.remove(this);
        ctx.fireChannelRead(buf);
    }

    /** A browser: the page's files and its WebSocket, whose v2 session is the one a v2 client over TCP gets. */
    private void http(ChannelHandlerContext ctx, ByteBuf buf) {
        Refusal refusal = admissionRefusal != null && browserAdmission != null
                ? browserAdmission.apply(ctx.channel()) : admissionRefusal;
        if (refusal != null) {
            buf.release();
            ctx.channel().config().setAutoRead(false);
            WebWire.refuse(ctx, refusal);
            return;
        }
        web.install(ctx.pipeline(), ctx.name(), room,
                () -> new V2SessionHandler(room, nameRules, limits, authenticator, requireTls));
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(buf);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (silenceDeadline != null) {
            silenceDeadline.cancel(false);
        }
        room.leave(ctx.channel());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        room.failed(ctx.channel(), cause);
    }
}
