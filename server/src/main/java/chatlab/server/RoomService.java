package chatlab.server;

import chatlab.server.handler.DisconnectReason;
import chatlab.protocol.Limits;
import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageEncoder;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import chatlab.server.handler.ChannelWire;
import chatlab.server.handler.Notices;
import chatlab.server.handler.Refusal;
import chatlab.server.handler.SessionRoom;
import chatlab.server.room.Member;
import chatlab.server.room.Room;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the {@link Room} on one event loop (the first of the server's) and does the fan-out to both wires. Every
 * change of the roster and every relay is a task on that loop, so registrations cannot race and everyone sees
 * messages in one order.
 *
 * <p>Fan-out encodes a message at most once per wire and hands every recipient a retained duplicate of the same
 * bytes ({@link Outbound}). Presence is announced by {@link PresenceFeed} once the room is quiet, and before the
 * first message of a member nobody has been told of yet.
 *
 * <p>A v2 {@code say} is acknowledged once its bytes are written to every recipient's socket, and a resent one
 * (same name and id) is acknowledged again with its first sequence number instead of being delivered twice.
 */
final class RoomService implements SessionRoom {
    static final int PROTOCOL_VERSION = 2;

    private final Clock clock = Clock.systemUTC();
    private final Room<Channel> room;
    private final EventExecutor executor;
    private final Outbound outbound;
    private final ServerEvents events;
    private final Limits limits;
    private final int maxUsersPerAddress;
    private final String serverSoftware;
    private final PresenceFeed presence;
    private final ServerMessageEncoder v2 = new ServerMessageEncoder();
    private final RecentIds recentIds = new RecentIds();
    private final SlowReaders slowReaders;
    private final int labUdpPort;
    private final PendingAcks pendingAcks;
    /** This run of the server: a client that resumes from another run missed everything in the replay buffer. */
    private final String epoch = Long.toString(new java.security.SecureRandom().nextLong() >>> 1, 36);
    private final java.util.ArrayDeque<ServerMessage.Message> recent = new java.util.ArrayDeque<>();
    private long sequence;
    /** Set on the room's loop by {@link #stop}; read elsewhere only to leave out what stop has logged already. */
    private volatile boolean stopping;

    /**
     * @param executor           the event loop the room runs on (the fan-out writes directly to its own connections)
     * @param maxUsersPerAddress members one address may have in the room
     * @param labUdpPort         the UDP port announced for lab users
     */
    RoomService(ServerEvents events, Limits limits, int maxUsersPerAddress, Duration presenceBatchWindow,
            Duration presenceMaxDelay, long presenceBytesPerSecond, Duration writeCoalescing, String serverSoftware,
            EventExecutor executor, int labUdpPort) {
        this.executor = executor;
        this.labUdpPort = labUdpPort;
        this.outbound = new Outbound(executor, writeCoalescing, limits.effectiveSoftOutboundBytes());
        this.events = events;
        this.limits = limits;
        this.maxUsersPerAddress = maxUsersPerAddress;
        this.serverSoftware = serverSoftware;
        this.room = new Room<>(clock, limits.maxUsers(), maxUsersPerAddress);
        this.presence = new PresenceFeed(room, executor, outbound,
                (channel, bytes) -> deliver(channel, bytes, null), presenceBatchWindow, presenceMaxDelay,
                presenceBytesPerSecond);
        this.slowReaders = new SlowReaders(executor, limits, (channel, queued) -> events.behind(
                room.memberOf(channel).map(Member::name).orElse(String.valueOf(channel.remoteAddress())), queued));
        this.pendingAcks = new PendingAcks(executor);
    }

    @Override
    public int labUdpPort() {
        return labUdpPort;
    }

    @Override
    public void register(Channel channel, String name, String skeleton, String address, int udpPort, Wire wire) {
        register(channel, name, skeleton, address, udpPort, wire, null, null);
    }

    @Override
    public void loginOutcome(String name, String address, boolean success, String reason) {
        if (success) {
            events.loggedIn(name, address);
        } else {
            events.loginFailed(name, address, reason);
        }
    }

    @Override
    public void register(Channel channel, String name, String skeleton, String address, int udpPort, Wire wire,
            String scramFinal, chatlab.protocol.v2.ClientMessage.Resume resume) {
        executor.execute(() -> {
            if (stopping || !channel.isActive()) {
                return;
            }
            switch (room.register(channel, name, skeleton, address, udpPort, wire)) {
                case JOINED -> joined(room.memberOf(channel).orElseThrow(), scramFinal, resume);
                case NAME_TAKEN -> refuse(channel, Refusal.nameTaken(name));
                case LOOKS_LIKE_MEMBER -> refuse(channel,
                        Refusal.nameReadsLike(name, room.readingAs(skeleton).orElseThrow().name()));
                case ROOM_FULL -> refuse(channel, Refusal.roomFull(limits.maxUsers()));
                case ADDRESS_FULL -> refuse(channel, Refusal.tooManyUsersFromAddress(maxUsersPerAddress));
                case ALREADY_REGISTERED -> { }
            }
        });
    }

    private void joined(Member<Channel> member, String scramFinal, chatlab.protocol.v2.ClientMessage.Resume resume) {
        ConnectionTable.registered(member.connection());
        events.joined(member.name(), member.address());
        if (member.wire() == Wire.V2) {
            // The welcome names only the newcomer; the room follows as one presence shared by all newcomers.
            send(member.connection(), new ServerMessage.Welcome(PROTOCOL_VERSION, serverSoftware, member.name(),
                    member.address(), announcedLimits(), List.of(info(member)), scramFinal, epoch, true));
            presence.sendSnapshot(member.connection());
            if (resume != null) {
                replay(member, resume);
            }
        }
        presence.changed();
    }

    @Override
    public void relay(Channel from, String text, String id, boolean action) {
        said(from, sender -> fanOut(sender, text, id, action));
    }

    /**
     * What a client said (a chat message or a whisper), handled on the room's loop in the order it was said. It is
     * counted in the client's read gate until handled, so a client whose words pile up (a newcomer's held for its
     * announcement too) is paused. It runs now if everyone has been told about the sender, else right after the
     * announcement that tells them (PresenceFeed#beforeFirstMessage). A held message whose sender left meanwhile
     * and whose name is someone else's by then is dropped: relayed, the room would read it as the newcomer's words
     * (and the newcomer would get its predecessor's). A v2 sender had no ack for it and resends it when it is back.
     */
    private void said(Channel from, java.util.function.Consumer<Member<Channel>> handle) {
        ReadGate gate = ReadGate.of(from);
        gate.relayQueued();
        executor.execute(() -> {
            Member<Channel> sender = room.memberOf(from).orElse(null);
            if (sender == null) {
                gate.relayDone();
                return;
            }
            Runnable guarded = () -> {
                try {
                    if (room.memberOf(from).isPresent() || room.named(sender.name()).isEmpty()) {
                        handle.accept(sender);
                    }
                } finally {
                    gate.relayDone();
                }
            };
            if (presence.isAnnounced(sender)) {
                guarded.run();
            } else {
                presence.beforeFirstMessage(guarded);
            }
        });
    }

    private void fanOut(Member<Channel> sender, String text, String id, boolean action) {
        if (id != null) {
            Long first = recentIds.seqOf(sender.name(), id);
            if (first != null) {
                send(sender.connection(), new ServerMessage.Ack(id, first, clock.instant(), true));
                return;
            }
        }
        long seq = ++sequence;
        Instant time = clock.instant();
        if (id != null) {
            recentIds.remember(sender.name(), id, seq);
        }
        ServerMessage.Message message = new ServerMessage.Message(sender.name(), text, seq, time, id, action,
                sender.wire());
        remember(message);
        ByteBuf labBytes = null;
        ByteBuf v2Bytes = null;
        ServerMessage.Ack ack = id == null ? null : new ServerMessage.Ack(id, seq, time, false);
        Channel from = sender.connection();
        // The ack goes out once every recipient's copy is in its socket (or its connection ended), but waits neither
        // for a recipient that is behind nor longer than PendingAcks.MAX_WAIT for any.
        WriteCountdown written = ack == null ? null
                : new WriteCountdown(() -> executor.execute(() -> send(from, ack)), pendingAcks.now());
        int queued = 0;
        try {
            for (Member<Channel> member : room.members()) {
                if (member.connection() == sender.connection()) {
                    continue;
                }
                ByteBuf bytes;
                if (member.wire() == Wire.LAB) {
                    if (labBytes == null) {
                        String shown = action ? "* " + sender.name() + " " + text : text;
                        labBytes = outbound.share(LabFormat.relayBytes(sender.name(), shown));
                    }
                    bytes = labBytes;
                } else {
                    if (v2Bytes == null) {
                        v2Bytes = outbound.share(v2.encode(message));
                    }
                    bytes = v2Bytes;
                }
                if (deliver(member.connection(), bytes, written)) {
                    queued++;
                }
            }
        } finally {
            release(labBytes);
            release(v2Bytes);
        }
        if (ack != null) {
            if (queued == 0) {
                send(from, ack); // nobody else here: nothing to wait for
            } else {
                written.arrive(); // the fan-out is done adding writes
                pendingAcks.watch(written);
            }
        }
    }

    /** Messages kept for clients that reconnect, so what was said while they were away reaches them. */
    static final int REPLAY_MESSAGES = 1000;
    static final Duration REPLAY_AGE = Duration.ofMinutes(10);

    private void remember(ServerMessage.Message message) {
        recent.addLast(message);
        while (recent.size() > REPLAY_MESSAGES
                || recent.peekFirst().time().isBefore(message.time().minus(REPLAY_AGE))) {
            recent.removeFirst();
        }
    }

    /**
     * Sends a reconnecting v2 member what it missed: from this run, the messages after the seq it saw; from an
     * earlier run (the server restarted), everything this run has relayed. The client drops what it already showed.
     */
    private void replay(Member<Channel> member, chatlab.protocol.v2.ClientMessage.Resume resume) {
        boolean sameRun = epoch.equals(resume.epoch());
        for (ServerMessage.Message message : recent) {
            if ((!sameRun || message.seq() > resume.seq()) && !message.from().equals(member.name())) {
                send(member.connection(), message);
            }
        }
    }

    @Override
    public void whisper(Channel from, String id, String to, String text) {
        said(from, sender -> whisperNow(from, sender, id, to, text));
    }

    private void whisperNow(Channel from, Member<Channel> sender, String id, String to, String text) {
        var target = room.named(to);
        if (target.isEmpty()) {
            refuse(from, Refusal.of(ErrorCode.UNKNOWN_USER, Notices.unknownUser(to)).withRef(id));
            return;
        }
        Instant time = clock.instant();
        Member<Channel> recipient = target.get();
        byte[] bytes = recipient.wire() == Wire.V2
                ? v2.encode(new ServerMessage.Whisper(sender.name(), id, text, time))
                : LabFormat.relayBytes(sender.name(), "(whisper) " + text);
        ByteBuf buf = outbound.share(bytes);
        try {
            deliver(recipient.connection(), buf, null);
        } finally {
            buf.release();
        }
        send(from, new ServerMessage.Ack(id, 0, time, false));
    }

    @Override
    public void leave(Channel channel) {
        String reason = DisconnectReason.of(channel);
        if (executor.isShuttingDown()) {
            if (!stopping) { // after a stop, stop has logged every connection's end
                events.disconnected(channel.remoteAddress(), reason); // the room is gone already: nobody to tell
            }
            return;
        }
        executor.execute(() -> {
            slowReaders.forget(channel);
            room.leave(channel).ifPresentOrElse(member -> {
                events.left(member.name(), member.address(), reason);
                presence.left(member.name(), reason);
            }, () -> {
                if (!stopping) {
                    events.disconnected(channel.remoteAddress(), reason);
                }
            });
        });
    }

    @Override
    public void holdReading(Channel channel, boolean hold) {
        if (hold) {
            ReadGate.of(channel).pause(ReadGate.Reason.RATE);
        } else {
            ReadGate.of(channel).resume(ReadGate.Reason.RATE);
        }
    }

    @Override
    public void writabilityChanged(Channel channel) {
        executor.execute(() -> slowReaders.writabilityChanged(channel));
    }

    @Override
    public void refuse(Channel channel, Refusal refusal) {
        if (!executor.inEventLoop() && !executor.isShuttingDown()) {
            // A handler on another loop (--io-threads > 1): the room may hold bytes for this channel until the end
            // of its turn, and the refusal (often followed by a close) must come after them.
            executor.execute(() -> refuse(channel, refusal));
            return;
        }
        byte[] bytes = ChannelWire.of(channel) == Wire.V2
                ? v2.encode(new ServerMessage.Error(refusal.code(), refusal.notice(), refusal.ref()))
                : LabFormat.noticeBytes(refusal.notice());
        if (!refusal.code().fatal() && !channel.isWritable()) {
            // It sends what we refuse and does not read why: replies would pile up without bound.
            DisconnectReason.record(channel, "does not read the server's replies (its queue is over the soft limit)");
            channel.close();
            return;
        }
        if (refusal.code() != ErrorCode.SHUTDOWN) {
            // At shutdown, stop logs each connection's leave (or disconnect) with the reason: one line each, not two.
            events.refused(String.valueOf(channel.remoteAddress()), refusal.logReason());
        }
        if (executor.inEventLoop()) {
            outbound.pushPending(channel); // what the room sent it this turn goes first
        }
        if (refusal.code().fatal()) {
            DisconnectReason.record(channel, refusal.logReason());
            channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.writeAndFlush(Unpooled.wrappedBuffer(bytes), channel.voidPromise());
        }
    }

    @Override
    public void failed(Channel channel, Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof io.netty.handler.codec.DecoderException
                && cause.getCause() instanceof javax.net.ssl.SSLException tls) {
            // TLS broke, in its handshake or after: there is nobody to tell in clear text.
            var stage = channel.pipeline().get(io.netty.handler.ssl.SslHandler.class);
            boolean handshaking = stage != null && !stage.handshakeFuture().isSuccess();
            DisconnectReason.record(channel, handshaking ? DisconnectReason.tlsHandshakeFailed(tls.getMessage())
                    : DisconnectReason.tlsFailed(tls.getMessage()));
            channel.close();
            return;
        }
        if (cause instanceof java.io.IOException) {
            // The connection itself failed (a reset): there is nobody to tell.
            DisconnectReason.record(channel, message);
            channel.close();
            return;
        }
        // A bug in a handler: the client is still told why it is being closed.
        refuse(channel, new Refusal(ErrorCode.INTERNAL, "the server failed on this connection (" + message
                + "); this is a bug, please report it", "internal error: " + cause, null));
    }

    /** Stops all presence traffic and tells every connection the server is going away. */
    Future<?> stop(List<Channel> connections) {
        return executor.submit(() -> {
            stopping = true;
            presence.stop();
            events.stopping(connections.size());
            for (Channel channel : connections) {
                Refusal refusal = Refusal.shuttingDown();
                refuse(channel, refusal);
                // Logged here, once per connection: the close completes after the loops may have begun to stop, when
                // the room could no longer tell a member from a connection that never registered.
                room.leave(channel).ifPresentOrElse(member -> events.left(member.name(), member.address(),
                        refusal.logReason()), () -> events.disconnected(channel.remoteAddress(), refusal.logReason()));
            }
        });
    }

    /** Total bytes of lab user-map updates written so far (measured for docs/LIMITS.md and the join-storm test). */
    long presenceBytesSent() {
        return presence.labBytesSent();
    }

    /** Total bytes of v2 presence messages written so far (welcomes not included). */
    long v2PresenceBytesSent() {
        return presence.v2BytesSent();
    }

    private ServerMessage.AnnouncedLimits announcedLimits() {
        return new ServerMessage.AnnouncedLimits(limits.maxLineBytes(), limits.maxMessageBytes(), limits.maxNameChars(),
                limits.messagesPerSecond(), limits.burstMessages(), limits.pingInterval().toMillis(),
                limits.idleTimeout().toMillis());
    }

    static UserInfo info(Member<Channel> member) {
        return new UserInfo(member.name(), member.address(), member.udpPort(), member.wire(), member.joinedAt());
    }

    private void send(Channel channel, ServerMessage message) {
        ByteBuf bytes = outbound.share(v2.encode(message));
        try {
            deliver(channel, bytes, null);
        } finally {
            bytes.release();
        }
    }

    /**
     * Queues the bytes for one client, unless the outbound limits cut it off as a slow reader ({@link SlowReaders});
     * never pauses anyone. Returns whether it queued them.
     *
     * @param written when not null, counts this write in and hears when it has ended, unless the client is behind
     *                (a client that may be cut off soon must not hold up the sender's acknowledgement)
     */
    private boolean deliver(Channel channel, ByteBuf shared, WriteCountdown written) {
        if (stopping || !slowReaders.admit(channel)) {
            // Stopping: every connection has been told the server is going away; nothing more is sent.
            return false;
        }
        if (written != null && !SlowReaders.isBehind(channel)) {
            written.expect();
            outbound.writeTracked(channel, shared, written);
        } else {
            outbound.write(channel, shared);
        }
        return true;
    }

    private static void release(ByteBuf bytes) {
        if (bytes != null) {
            bytes.release();
        }
    }
}
