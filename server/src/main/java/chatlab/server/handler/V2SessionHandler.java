package chatlab.server.handler;

import chatlab.protocol.Limits;
import chatlab.protocol.NameRules;
import chatlab.protocol.TokenBucket;
import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageEncoder;
import chatlab.protocol.v2.Wire;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * One v2 client's session: {@code hello} first, then chatroom messages, whispers, rooms and keepalive.
 * Per-connection rules live here (version, name and room-name rules, sizes, rate limit, idle); the rooms live behind
 * {@link SessionRoom}.
 */
public final class V2SessionHandler extends ChannelInboundHandlerAdapter {
    private final SessionRoom room;
    private final NameRules nameRules;
    private final Limits limits;
    private final TokenBucket rate;
    private final ServerMessageEncoder encoder = new ServerMessageEncoder();
    private final chatlab.auth.Authenticator authenticator;
    private final boolean requireTls;
    private chatlab.auth.ScramServerExchange exchange;
    private ClientMessage.Hello pendingHello;
    private boolean checkingProof;
    /** The account's salt and count are being read (on the authenticator's threads) to answer a login's hello. */
    private boolean awaitingChallenge;
    /** Messages read meanwhile, in order: handled once the challenge is out, as if it had been sent at once. */
    private final ArrayDeque<ClientMessage> readDuringLookup = new ArrayDeque<>();
    private byte[] rekeySalt;
    private String name;
    /** What the hello's name reads as, computed once when the hello arrives (for the room's uniqueness). */
    private String skeleton;
    private ScheduledFuture<?> registrationDeadline;
    private boolean registered;
    private boolean closing;
    private int refusedInARow;
    private int silentPings;
    private long pingCounter;

    /**
     * @param authenticator checks logins, or null when anyone may join
     * @param requireTls    refuse a hello that did not come over TLS
     */
    public V2SessionHandler(SessionRoom room, NameRules nameRules, Limits limits, chatlab.auth.Authenticator authenticator,
            boolean requireTls) {
        this.room = room;
        this.authenticator = authenticator;
        this.requireTls = requireTls;
        this.nameRules = nameRules;
        this.limits = limits;
        this.rate = new TokenBucket(limits.messagesPerSecond(), limits.burstMessages(), System::nanoTime);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        registrationDeadline = ctx.executor().schedule(() -> {
            if (!registered && !closing) {
                refuseAndClose(ctx, Refusal.helloTimeout(limits.registrationTimeout()));
            }
        }, limits.registrationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Refusal fromFramer && !closing) {
            // A line too long (the connection goes on), or endless (it ends): from V2FrameDecoder.
            if (fromFramer.code().fatal()) {
                refuseAndClose(ctx, fromFramer);
            } else {
                refused(ctx, fromFramer);
            }
            return;
        }
        if (!(msg instanceof ClientMessage message) || closing || checkingProof) {
            return; // while a proof is checked nothing else is read, and nothing before the login counts
        }
        if (awaitingChallenge) {
            readDuringLookup.addLast(message); // bounded by one read: reading is paused meanwhile
            return;
        }
        silentPings = 0;
        if (message instanceof ClientMessage.Malformed bad) {
            refused(ctx, new Refusal(bad.code(), bad.message(), bad.message(), bad.ref()));
            return;
        }
        // Everything but answers to our pings takes a token: no kind of message can flood the server's replies.
        if (message.type() != chatlab.protocol.v2.V2Type.PONG && !rate.tryTake()) {
            refused(ctx, Refusal.rateLimited(limits.messagesPerSecond(), limits.burstMessages()).withRef(refOf(message)));
            return;
        }
        switch (message.type()) {
            case HELLO -> onHello(ctx, (ClientMessage.Hello) message);
            case SAY -> {
                ClientMessage.Say say = (ClientMessage.Say) message;
                if (mayChat(ctx, say.id(), say.text())
                        && (say.room() == null || mayUseRooms(ctx, "a say with a room", say.id()))) {
                    room.relay(ctx.channel(), say.room(), say.text(), say.id(), say.action());
                }
            }
            case JOIN -> {
                ClientMessage.Join join = (ClientMessage.Join) message;
                if (mayUseRooms(ctx, "join", null)) {
                    var problem = chatlab.protocol.RoomNames.problemWith(join.room());
                    if (problem.isPresent()) {
                        refused(ctx, Refusal.roomNameInvalid(join.room(), problem.get()));
                    } else {
                        // What the name reads as, once per join and off the room's thread, like a user name's.
                        room.join(ctx.channel(), join.room(), chatlab.protocol.RoomNames.key(join.room()), join.since());
                    }
                }
            }
            case PART -> {
                String name = ((ClientMessage.Part) message).room();
                if (mayUseRooms(ctx, "part", null)) {
                    room.part(ctx.channel(), name);
                }
            }
            case TOPIC -> {
                ClientMessage.Topic topic = (ClientMessage.Topic) message;
                if (mayUseRooms(ctx, "topic", null)) {
                    room.topic(ctx.channel(), topic.room(), topic.text());
                }
            }
            case ROOMS -> {
                if (mayUseRooms(ctx, "rooms", null)) {
                    room.listRooms(ctx.channel());
                }
            }
            case HISTORY -> {
                ClientMessage.History history = (ClientMessage.History) message;
                if (mayAskHistory(ctx, history.id())) {
                    room.history(ctx.channel(), history.room(), history.before(), history.count(), history.id());
                }
            }
            case SEARCH -> {
                ClientMessage.Search search = (ClientMessage.Search) message;
                if (mayAskHistory(ctx, search.id())) {
                    room.search(ctx.channel(), search.room(), search.text(), search.before(), search.count(),
                            search.id());
                }
            }
            case WHISPER -> {
                ClientMessage.Whisper whisper = (ClientMessage.Whisper) message;
                if (mayChat(ctx, whisper.id(), whisper.text())) {
                    room.whisper(ctx.channel(), whisper.id(), whisper.to(), whisper.text());
                }
            }
            case PROOF -> onProof(ctx, (ClientMessage.Proof) message);
            case REKEYED -> onRekeyed(ctx, (ClientMessage.Rekeyed) message);
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
        if (registered || pendingHello != null) {
            room.refuse(ctx.channel(), Refusal.of(ErrorCode.ALREADY_REGISTERED, ErrorCode.ALREADY_REGISTERED.sentence()));
            return;
        }
        if (hello.version() != 2) {
            refuseAndClose(ctx, Refusal.of(ErrorCode.UNSUPPORTED_VERSION, Notices.unsupportedVersion(hello.version(), 2)));
            return;
        }
        skeleton = chatlab.protocol.NameSkeleton.of(hello.name()); // once per join, off the room's thread
        var problem = nameRules.problemWith(hello.name(), skeleton);
        if (problem.isPresent()) {
            refuseAndClose(ctx, Refusal.invalidName(problem.get()));
            return;
        }
        if (requireTls && ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) == null) {
            refuseAndClose(ctx, Refusal.of(ErrorCode.TLS_REQUIRED, Notices.tlsRequired()));
            return;
        }
        // Both checks answer from the authenticator's in-memory copy of the registered names, refreshed on its own
        // threads: this is the room's event loop, and a query here on a slow disk would stall everyone's chat.
        if (authenticator != null && authenticator.resemblesRegisteredName(hello.name(), skeleton)) {
            refuseAndClose(ctx, Refusal.invalidName("the name is too close to a registered name"));
            return;
        }
        if (authenticator != null && authenticator.needsLogin(hello.name())) {
            startLogin(ctx, hello);
            return;
        }
        register(ctx, hello, null);
    }

    private void register(ChannelHandlerContext ctx, ClientMessage.Hello hello, String scramFinal) {
        registered = true;
        name = hello.name();
        registrationDeadline.cancel(false);
        ClientFeatures.record(ctx.channel(), hello.features());
        SessionKey.record(ctx.channel(), hello.session());
        room.register(ctx.channel(), hello.name(), skeleton, remoteAddress(ctx), hello.udpPort(), Wire.V2, scramFinal,
                hello.resume(), ClientFeatures.knowsRooms(ctx.channel()) ? hello.rooms() : null);
    }

    /** SCRAM-SHA-256 inside the handshake: hello carries client-first, we answer server-first, the client proves. */
    private void startLogin(ChannelHandlerContext ctx, ClientMessage.Hello hello) {
        if (hello.scram() == null) {
            refuseAndClose(ctx, Refusal.of(ErrorCode.AUTH_REQUIRED,
                    Notices.authRequired(hello.name(), authenticator.mode() == chatlab.auth.AuthMode.REQUIRED)));
            return;
        }
        // Server-first holds the account's salt and count, so it needs the store: it is made on the authenticator's
        // threads and the answer comes back to this loop. Reading pauses meanwhile, and what was already read waits
        // its turn, so the client's messages keep their order.
        exchange = authenticator.newExchange();
        awaitingChallenge = true;
        ctx.channel().config().setAutoRead(false);
        authenticator.serverFirst(exchange, hello.scram()).whenComplete((serverFirst, error) ->
                ctx.executor().execute(() -> challenge(ctx, hello, serverFirst, error)));
    }

    private void challenge(ChannelHandlerContext ctx, ClientMessage.Hello hello, String serverFirst, Throwable error) {
        awaitingChallenge = false;
        if (closing || !ctx.channel().isActive()) {
            readDuringLookup.clear();
            return;
        }
        if (error != null) {
            readDuringLookup.clear();
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            loginFailed(ctx, hello.name(), cause instanceof chatlab.auth.ScramException
                    ? "malformed client-first: " + cause.getMessage() : "internal error: " + cause);
            return;
        }
        if (!hello.name().equals(exchange.user())) {
            readDuringLookup.clear();
            loginFailed(ctx, hello.name(), "the SCRAM user \"" + exchange.user() + "\" is not the hello's name");
            return;
        }
        pendingHello = hello;
        write(ctx, new ServerMessage.Challenge(chatlab.auth.Scram.MECHANISM, serverFirst));
        ctx.channel().config().setAutoRead(true);
        ClientMessage next;
        while (!awaitingChallenge && (next = readDuringLookup.pollFirst()) != null) {
            channelRead(ctx, next);
        }
    }

    private void onProof(ChannelHandlerContext ctx, ClientMessage.Proof proof) {
        if (pendingHello == null) {
            room.refuse(ctx.channel(), Refusal.of(ErrorCode.BAD_FIELD, "a proof answers a challenge; none is open"));
            return;
        }
        ClientMessage.Hello hello = pendingHello;
        String address = remoteAddress(ctx);
        checkingProof = true;
        ctx.channel().config().setAutoRead(false);
        authenticator.finishExchange(exchange, proof.clientFinal(), address).whenComplete((outcome, error) ->
                ctx.executor().execute(() -> {
                    checkingProof = false;
                    pendingHello = null;
                    if (error == null && outcome.busy()) {
                        // busy: the proof was not checked, and it is not a failure
                        refuseAndClose(ctx, Refusal.loginBusy(outcome, authenticator.maxLoginsPerAddress()));
                        return;
                    }
                    boolean success = error == null && outcome.success();
                    String reason = error != null ? "internal error: " + error : outcome.reason();
                    if (!success) {
                        loginFailed(ctx, hello.name(), reason);
                        return;
                    }
                    room.loginOutcome(hello.name(), address, true, reason);
                    register(ctx, hello, outcome.serverFinal().orElse(null));
                    // A new verifier must never cross the wire in clear: an eavesdropper could log in with it.
                    boolean overTls = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null;
                    if (overTls && authenticator.wantsUpgrade(exchange.verifier())) {
                        rekeySalt = new byte[chatlab.auth.Verifier.SALT_BYTES];
                        new SecureRandom().nextBytes(rekeySalt);
                        write(ctx, new ServerMessage.Rekey(Base64.getEncoder().encodeToString(rekeySalt),
                                authenticator.iterations()));
                    }
                    ctx.channel().config().setAutoRead(true);
                }));
    }

    /** The client's stronger verifier, for the salt and count we asked for: the password never crossed the wire. */
    private void onRekeyed(ChannelHandlerContext ctx, ClientMessage.Rekeyed rekeyed) {
        if (rekeySalt == null || name == null) {
            room.refuse(ctx.channel(), Refusal.of(ErrorCode.BAD_FIELD, "rekeyed answers a rekey; none is open"));
            return;
        }
        try {
            Base64.Decoder base64 = Base64.getDecoder();
            byte[] stored = base64.decode(rekeyed.storedKey());
            byte[] server = base64.decode(rekeyed.serverKey());
            if (stored.length != 32 || server.length != 32) {
                throw new IllegalArgumentException("wrong key size");
            }
            authenticator.upgrade(name, new chatlab.auth.Verifier(rekeySalt, authenticator.iterations(), stored, server));
        } catch (IllegalArgumentException e) {
            room.refuse(ctx.channel(), Refusal.of(ErrorCode.BAD_FIELD, "the keys must be 32 bytes each, in base64"));
        }
        rekeySalt = null;
    }

    private void loginFailed(ChannelHandlerContext ctx, String user, String reason) {
        room.loginOutcome(user, remoteAddress(ctx), false, reason);
        refuseAndClose(ctx, Refusal.loginFailed(reason));
    }

    private static String remoteAddress(ChannelHandlerContext ctx) {
        return LabFormat.address(((InetSocketAddress) ctx.channel().remoteAddress()).getAddress());
    }

    /** The checks every chat message passes: registered, not empty, {@link chatlab.protocol.TextRules}, size. */
    private boolean mayChat(ChannelHandlerContext ctx, String id, String text) {
        if (!registered) {
            refused(ctx, Refusal.of(ErrorCode.NOT_REGISTERED, ErrorCode.NOT_REGISTERED.sentence()).withRef(id));
            return false;
        }
        if (text.isBlank()) {
            refused(ctx, Refusal.of(ErrorCode.BAD_FIELD, "the text is empty").withRef(id));
            return false;
        }
        var problem = chatlab.protocol.TextRules.problemWith(text);
        if (problem.isPresent()) {
            // Lab clients print text raw and read 1024 bytes at a time: no forged lines, no forged user maps.
            refused(ctx, Refusal.text(problem.get()).withRef(id));
            return false;
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxMessageBytes()) {
            refused(ctx, Refusal.messageTooLong(bytes, limits.maxMessageBytes()).withRef(id));
            return false;
        }
        refusedInARow = 0;
        return true;
    }

    /**
     * The checks every request about rooms passes: registered, and the hello listed the feature "rooms" (a client
     * without it is in the default room alone and gets what it got before rooms).
     */
    private boolean mayUseRooms(ChannelHandlerContext ctx, String what, String id) {
        if (!registered) {
            refused(ctx, Refusal.of(ErrorCode.NOT_REGISTERED, ErrorCode.NOT_REGISTERED.sentence()).withRef(id));
            return false;
        }
        if (!ClientFeatures.knowsRooms(ctx.channel())) {
            refused(ctx, Refusal.featureRequired(what).withRef(id)); // it knows no rooms: none is named to it
            return false;
        }
        refusedInARow = 0;
        return true;
    }

    /**
     * The checks every history request passes: registered, and (naming a room or not) nothing else: a client without
     * the feature "rooms" asks about the default room, which it is in.
     */
    private boolean mayAskHistory(ChannelHandlerContext ctx, String id) {
        if (!registered) {
            refused(ctx, Refusal.of(ErrorCode.NOT_REGISTERED, ErrorCode.NOT_REGISTERED.sentence()).withRef(id));
            return false;
        }
        refusedInARow = 0;
        return true;
    }

    /** A refusal; too many in a row close the connection. */
    private void refused(ChannelHandlerContext ctx, Refusal refusal) {
        if (++refusedInARow >= limits.rateAbuseLimit()) {
            refuseAndClose(ctx, Refusal.rateAbuse(refusedInARow).withRef(refusal.ref()));
        } else {
            room.refuse(ctx.channel(), refusal);
        }
    }

    private static String refOf(ClientMessage message) {
        if (message instanceof ClientMessage.Say say) {
            return say.id();
        }
        return message instanceof ClientMessage.Whisper whisper ? whisper.id() : null;
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
