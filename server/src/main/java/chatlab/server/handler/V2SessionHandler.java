package chatlab.server.handler;

import chatlab.protocol.Limits;
import chatlab.protocol.NameRules;
import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageEncoder;
import chatlab.protocol.v2.Wire;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One v2 client's session: {@code hello} first, then chatroom messages, whispers and keepalive. Per-connection
 * rules live here (version, name rules, sizes, rate limit, idle); the room lives behind {@link SessionRoom}.
 */
public final class V2SessionHandler extends ChannelInboundHandlerAdapter {
    private final SessionRoom room;
    private final NameRules nameRules;
    private final Limits limits;
    private final TokenBucket rate;
    private final ServerMessageEncoder encoder = new ServerMessageEncoder();
    private ScheduledFuture<?> registrationDeadline;
    private boolean registered;
    private boolean closing;
    private int refusedInARow;
    private int silentPings;
    private long pingCounter;

    public V2SessionHandler(SessionRoom room, NameRules nameRules, Limits limits) {
        this.room = room;
        this.nameRules = nameRules;
        this.limits = limits;
        this.rate = new TokenBucket(limits.messagesPerSecond(), limits.burstMessages(), System::nanoTime);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        registrationDeadline = ctx.executor().schedule(() -> {
            if (!registered && !closing) {
                refuseAndClose(ctx, Refusal.registrationTimeout(limits.registrationTimeout()));
            }
        }, limits.registrationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ClientMessage message) || closing) {
            return;
        }
        silentPings = 0;
        if (message instanceof ClientMessage.Malformed bad) {
            room.refuse(ctx.channel(), new Refusal(bad.code(), bad.message(), bad.message(), bad.ref()));
            return;
        }
        switch (message.type()) {
            case HELLO -> onHello(ctx, (ClientMessage.Hello) message);
            case SAY -> {
                ClientMessage.Say say = (ClientMessage.Say) message;
                if (mayChat(ctx, say.id(), say.text())) {
                    room.relay(ctx.channel(), say.text(), say.id(), say.action());
                }
            }
            case WHISPER -> {
                ClientMessage.Whisper whisper = (ClientMessage.Whisper) message;
                if (mayChat(ctx, whisper.id(), whisper.text())) {
                    room.whisper(ctx.channel(), whisper.id(), whisper.to(), whisper.text());
                }
            }
            case PING -> write(ctx, new ServerMessage.Pong(((ClientMessage.Ping) message).token()));
            case PONG -> { }
            case BYE -> {
                closing = true;
                DisconnectReason.record(ctx.channel(), "said bye");
                ctx.close();
            }
            default -> room.refuse(ctx.channel(), Refusal.of(ErrorCode.UNKNOWN_TYPE, "unexpected message"));
        }
    }

    private void onHello(ChannelHandlerContext ctx, ClientMessage.Hello hello) {
        if (registered) {
            room.refuse(ctx.channel(), Refusal.of(ErrorCode.ALREADY_REGISTERED, ErrorCode.ALREADY_REGISTERED.sentence()));
            return;
        }
        if (hello.version() != 2) {
            refuseAndClose(ctx, Refusal.of(ErrorCode.UNSUPPORTED_VERSION, Notices.unsupportedVersion(hello.version(), 2)));
            return;
        }
        var problem = nameRules.problemWith(hello.name());
        if (problem.isPresent()) {
            refuseAndClose(ctx, Refusal.invalidName(problem.get()));
            return;
        }
        registered = true;
        registrationDeadline.cancel(false);
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        room.register(ctx.channel(), hello.name(), LabFormat.address(remote.getAddress()), hello.udpPort(), Wire.V2);
    }

    /** The checks every chat message passes: registered, size, rate. Refusals carry the message's id. */
    private boolean mayChat(ChannelHandlerContext ctx, String id, String text) {
        if (!registered) {
            room.refuse(ctx.channel(), Refusal.of(ErrorCode.NOT_REGISTERED, ErrorCode.NOT_REGISTERED.sentence()).withRef(id));
            return false;
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxMessageBytes()) {
            room.refuse(ctx.channel(), Refusal.messageTooLong(bytes, limits.maxMessageBytes()).withRef(id));
            return false;
        }
        if (rate.tryTake()) {
            refusedInARow = 0;
            return true;
        }
        if (++refusedInARow >= limits.rateAbuseLimit()) {
            refuseAndClose(ctx, Refusal.rateAbuse(refusedInARow).withRef(id));
        } else {
            room.refuse(ctx.channel(), Refusal.rateLimited(limits.messagesPerSecond(), limits.burstMessages()).withRef(id));
        }
        return false;
    }

    /** Keepalive: a ping after each silent interval; closed once the silence reaches the idle timeout. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (!(event instanceof IdleStateEvent) || closing) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        silentPings++;
        if (limits.pingInterval().multipliedBy(silentPings).compareTo(limits.idleTimeout()) >= 0) {
            refuseAndClose(ctx, Refusal.of(ErrorCode.IDLE_TIMEOUT, Notices.idleTimeout(limits.idleTimeout())));
        } else {
            write(ctx, new ServerMessage.Ping("k" + (++pingCounter)));
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        room.writabilityChanged(ctx.channel());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (registrationDeadline != null) {
            registrationDeadline.cancel(false);
        }
        room.leave(ctx.channel());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            room.refuse(ctx.channel(), Refusal.of(ErrorCode.TOO_LONG,
                    "the line is longer than " + limits.maxLineBytes() + " bytes and was discarded"));
            return;
        }
        room.failed(ctx.channel(), cause);
    }

    private void refuseAndClose(ChannelHandlerContext ctx, Refusal refusal) {
        closing = true;
        room.refuse(ctx.channel(), refusal);
    }

    private void write(ChannelHandlerContext ctx, ServerMessage message) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(encoder.encode(message)), ctx.voidPromise());
    }
}
