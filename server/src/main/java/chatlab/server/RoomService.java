package chatlab.server;

import chatlab.protocol.Limits;
import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import chatlab.server.handler.DisconnectReason;
import chatlab.server.handler.Refusal;
import chatlab.server.handler.SessionRoom;
import chatlab.server.room.Member;
import chatlab.server.room.Room;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Runs the {@link Room} on one event loop (the first of the server's): what the session handlers ask of the room
 * becomes a task there, so registrations cannot race and everyone sees messages in one order. The work itself is in
 * one class per concern: {@link FanOut} (relay, ack, duplicates), {@link Whispers}, {@link SaidInOrder} (a speaker's
 * words wait for its announcement), {@link Replay} from the {@link RoomLog}, {@link PresenceFeed}, {@link Deliveries}
 * (every write, within the outbound limits) and {@link Refusals} (refusals and failed connections).
 */
final class RoomService implements SessionRoom {
    static final int PROTOCOL_VERSION = 2;

    private final Clock clock = Clock.systemUTC();
    private final Room<Channel> room;
    private final EventExecutor executor;
    private final ServerEvents events;
    private final Limits limits;
    private final int maxUsersPerAddress;
    private final String serverSoftware;
    private final int labUdpPort;
    private final Deliveries deliveries;
    private final Refusals refusals;
    private final PresenceFeed presence;
    private final RoomLog log = new MemoryRoomLog();
    private final SaidInOrder said;
    private final FanOut fanOut;
    private final Whispers whispers;

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
        this.events = events;
        this.limits = limits;
        this.maxUsersPerAddress = maxUsersPerAddress;
        this.serverSoftware = serverSoftware;
        this.room = new Room<>(clock, limits.maxUsers(), maxUsersPerAddress);
        Outbound outbound = new Outbound(executor, writeCoalescing, limits.effectiveSoftOutboundBytes());
        SlowReaders slowReaders = new SlowReaders(executor, limits, (channel, queued) -> events.behind(
                room.memberOf(channel).map(Member::name).orElse(String.valueOf(channel.remoteAddress())), queued));
        this.deliveries = new Deliveries(outbound, slowReaders);
        this.refusals = new Refusals(executor, outbound, events);
        this.presence = new PresenceFeed(room, executor, outbound,
                (channel, bytes) -> deliveries.deliver(channel, bytes, null), presenceBatchWindow, presenceMaxDelay,
                presenceBytesPerSecond);
        this.said = new SaidInOrder(room, presence, executor);
        this.fanOut = new FanOut(clock, room, log, deliveries, new PendingAcks(executor), executor);
        this.whispers = new Whispers(clock, room, deliveries, refusals);
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
            String scramFinal, ClientMessage.Resume resume) {
        executor.execute(() -> {
            if (deliveries.stopping() || !channel.isActive()) {
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

    private void joined(Member<Channel> member, String scramFinal, ClientMessage.Resume resume) {
        ConnectionTable.registered(member.connection());
        events.joined(member.name(), member.address());
        if (member.wire() == Wire.V2) {
            // The welcome names only the newcomer; the room follows as one presence shared by all newcomers.
            deliveries.send(member.connection(), new ServerMessage.Welcome(PROTOCOL_VERSION, serverSoftware,
                    member.name(), member.address(), announcedLimits(), List.of(info(member)), scramFinal,
                    log.epoch(), true));
            presence.sendSnapshot(member.connection());
            if (resume != null) {
                Replay.missed(log, resume, member.name(), message -> deliveries.send(member.connection(), message));
            }
        }
        presence.changed();
    }

    @Override
    public void relay(Channel from, String text, String id, boolean action) {
        said.said(from, sender -> fanOut.relay(sender, text, id, action));
    }

    @Override
    public void whisper(Channel from, String id, String to, String text) {
        said.said(from, sender -> whispers.whisper(sender, id, to, text));
    }

    @Override
    public void leave(Channel channel) {
        String reason = DisconnectReason.of(channel);
        if (executor.isShuttingDown()) {
            if (!deliveries.stopping()) { // after a stop, stop has logged every connection's end
                events.disconnected(channel.remoteAddress(), reason); // the room is gone already: nobody to tell
            }
            return;
        }
        executor.execute(() -> {
            deliveries.slowReaders().forget(channel);
            room.leave(channel).ifPresentOrElse(member -> {
                events.left(member.name(), member.address(), reason);
                presence.left(member.name(), reason);
            }, () -> {
                if (!deliveries.stopping()) {
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
        executor.execute(() -> deliveries.slowReaders().writabilityChanged(channel));
    }

    @Override
    public void refuse(Channel channel, Refusal refusal) {
        refusals.refuse(channel, refusal);
    }

    @Override
    public void failed(Channel channel, Throwable cause) {
        refusals.failed(channel, cause);
    }

    /** Stops all presence traffic and tells every connection the server is going away. */
    Future<?> stop(List<Channel> connections) {
        return executor.submit(() -> {
            deliveries.stop();
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
}
