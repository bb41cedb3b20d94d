package chatlab.server;

import chatlab.protocol.Limits;
import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import chatlab.server.handler.ClientFeatures;
import chatlab.server.handler.DisconnectReason;
import chatlab.server.handler.Refusal;
import chatlab.server.handler.SessionKey;
import chatlab.server.handler.SessionRoom;
import chatlab.server.room.Member;
import chatlab.server.room.Rooms;
import chatlab.server.room.Roster;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs the server's {@link Roster} and {@link Rooms} on one event loop (the first of the server's): what the session
 * handlers ask becomes a task there, so registrations cannot race and everyone in a room sees its messages in one
 * order. The work itself is in one class per concern: {@link Joins} (coming into rooms and going out),
 * {@link FanOut} (relay, ack, duplicates), {@link Whispers}, {@link RoomTopics} (topics, the list of rooms),
 * {@link SaidInOrder} (a speaker's words wait for its announcement), {@link Replay} from each room's {@link RoomLog},
 * a {@link PresenceFeed} per room, {@link Deliveries} (every write, within the outbound limits) and {@link Refusals}
 * (refusals and failed connections).
 */
final class RoomService implements SessionRoom {
    static final int PROTOCOL_VERSION = 2;

    private final Clock clock = Clock.systemUTC();
    private final Roster<Channel> roster;
    private final Rooms<Channel, LiveRoom> rooms;
    private final EventExecutor executor;
    private final ServerEvents events;
    private final Limits limits;
    private final int maxUsersPerAddress;
    private final String serverSoftware;
    private final int labUdpPort;
    private final Deliveries deliveries;
    private final Refusals refusals;
    private final PresenceTraffic presenceTraffic;
    private final SaidInOrder said;
    private final Joins joins;
    private final FanOut fanOut;
    private final Whispers whispers;
    private final RoomTopics topics;
    private final HistorySettings history;
    private final HistoryRequests historyRequests;
    private final ServerCounters counters;
    /**
     * With {@code --cluster}: what is said goes through the cluster first; null without (relayed at once). Set at the
     * end of the constructor (the rooms it needs are made before it; the default room is followed by its start).
     */
    private ClusterRelay cluster;

    /**
     * @param executor           the event loop the rooms run on (the fan-out writes directly to its own connections)
     * @param maxUsersPerAddress users one address may have in the server
     * @param labUdpPort         the UDP port announced for lab users
     * @param logs               makes each room's log
     * @param history            what the server keeps and sends of the rooms' history
     * @param clusterLink        the cluster this server is part of, or null for a server on its own
     * @param counters           what the metrics count (docs/METRICS.md)
     */
    RoomService(ServerEvents events, Limits limits, int maxUsersPerAddress, Duration presenceBatchWindow,
            Duration presenceMaxDelay, long presenceBytesPerSecond, Duration writeCoalescing, String serverSoftware,
            EventExecutor executor, int labUdpPort, RoomConfig roomConfig, RoomLogs logs, HistorySettings history,
            ClusterLink clusterLink, ServerCounters counters) {
        this.executor = executor;
        this.counters = counters;
        this.labUdpPort = labUdpPort;
        this.events = events;
        this.limits = limits;
        this.maxUsersPerAddress = maxUsersPerAddress;
        this.serverSoftware = serverSoftware;
        this.roster = new Roster<>(clock, limits.maxUsers(), maxUsersPerAddress);
        Outbound outbound = new Outbound(executor, writeCoalescing, limits.effectiveSoftOutboundBytes());
        outbound.waitForRelaysWhile(logs::relaysPending);
        SlowReaders slowReaders = new SlowReaders(executor, limits, (channel, queued) -> events.behind(
                roster.memberOf(channel).map(Member::name).orElse(String.valueOf(channel.remoteAddress())), queued),
                counters);
        this.deliveries = new Deliveries(outbound, slowReaders, counters);
        this.refusals = new Refusals(executor, outbound, events, counters);
        refusals.onRefusedForGood(this::leave);
        this.presenceTraffic = new PresenceTraffic(presenceBytesPerSecond);
        this.rooms = new Rooms<>(roomConfig.defaultRoom(), roomConfig.maxRooms(), roomConfig.maxRoomsPerClient(),
                state -> {
                    if (this.cluster != null) {
                        this.cluster.roomMade(state); // the default room is followed by start()
                    }
                    RoomLog log = logs.open(state.name());
                    log.storedTopic().ifPresent(state::topic);
                    return new LiveRoom(state, log, new PresenceFeed(state, log.epoch(), executor, outbound,
                            (channel, bytes) -> deliveries.deliver(channel, bytes, null), presenceBatchWindow,
                            presenceMaxDelay, presenceTraffic));
                },
                dropped -> {
                    dropped.presence().close();
                    if (this.cluster != null) {
                        this.cluster.roomDropped(dropped.name());
                    }
                });
        this.said = new SaidInOrder(roster, executor);
        this.history = history;
        this.joins = new Joins(rooms, roomConfig, deliveries, refusals, history);
        this.historyRequests = new HistoryRequests(joins, deliveries, refusals, history);
        this.fanOut = new FanOut(clock, deliveries, refusals, new PendingAcks(executor), executor);
        fanOut.rememberSaid(logs.saidBefore());
        this.whispers = new Whispers(clock, roster, deliveries, refusals);
        this.topics = new RoomTopics(clock, rooms, roomConfig, deliveries, refusals, (room, topic) -> {
            if (this.cluster != null) {
                this.cluster.topicSet(room, topic);
            }
        });
        this.cluster = clusterLink == null ? null
                : new ClusterRelay(clusterLink, executor, clock, roster, rooms, joins, fanOut, refusals, whispers,
                        topics, deliveries);
        if (cluster != null) {
            cluster.start();
        }
    }

    @Override
    public int labUdpPort() {
        return labUdpPort;
    }

    @Override
    public void register(Channel channel, String name, String skeleton, String address, int udpPort, Wire wire) {
        register(channel, name, skeleton, address, udpPort, wire, null, null, null);
    }

    @Override
    public void loginOutcome(String name, String address, boolean success, String reason) {
        counters.login(success);
        if (success) {
            events.loggedIn(name, address);
        } else {
            events.loginFailed(name, address, reason);
        }
    }

    @Override
    public void register(Channel channel, String name, String skeleton, String address, int udpPort, Wire wire,
            String scramFinal, ClientMessage.Resume resume, List<ClientMessage.Join> requestedRooms) {
        executor.execute(() -> {
            if (deliveries.stopping() || !channel.isActive()) {
                return;
            }
            String session = SessionKey.of(channel);
            Optional<Member<Channel>> holder = roster.named(name).or(() -> roster.readingAs(skeleton));
            BooleanSupplier join = () -> registerHere(channel, name, skeleton, address, udpPort, wire, scramFinal,
                    resume, requestedRooms);
            if (cluster != null && holder.isEmpty()) {
                // Claimed cluster-wide first (off this thread); a name taken here is refused below as before.
                cluster.claim(skeleton, name, session,
                        ours -> executor.execute(() -> joinIfOurs(ours, channel, name, skeleton, join)));
                return;
            }
            if (holder.isPresent() && session != null && RemoteChannel.isRemote(holder.get().connection())
                    && cluster != null) {
                // The same client, back here before its old server's claim ran out (that server died, or its
                // connection there did): the claim says so if it carries this session.
                Member<Channel> remoteHolder = holder.get();
                cluster.takeOver(skeleton, name, session, ours -> executor.execute(() -> {
                    if (ours) {
                        cluster.evict(remoteHolder);
                    }
                    joinIfOurs(ours, channel, name, skeleton, join);
                }));
                return;
            }
            if (holder.isPresent() && session != null && session.equals(SessionKey.of(holder.get().connection()))) {
                replaceGhost(holder.get());
            }
            join.getAsBoolean();
        });
    }

    /** On the room's loop, with the cluster's answer: registers the name here when it is this server's, or refuses. */
    private void joinIfOurs(boolean ours, Channel channel, String name, String skeleton, BooleanSupplier join) {
        if (!ours) {
            refuse(channel, Refusal.nameTaken(name));
        } else if (!join.getAsBoolean()) {
            cluster.release(skeleton);
        }
    }

    /**
     * On the room's loop: the client came back on a new connection (its hello's session is the member's) while its
     * old one is still registered (dead, but not yet timed out): the old one leaves as if it had closed, and is closed
     * with {@code replaced}. A cluster claim of the name stays this server's, for the new connection.
     */
    private void replaceGhost(Member<Channel> ghost) {
        Refusal replaced = Refusal.replaced(ghost.name());
        roster.leave(ghost.connection());
        deliveries.slowReaders().forget(ghost.connection());
        events.left(ghost.name(), ghost.address(), replaced.logReason());
        joins.leftServer(ghost, replaced.logReason());
        if (cluster != null) {
            cluster.localChanged();
        }
        refuse(ghost.connection(), replaced);
    }

    /** On the room's loop: registers the name in this server's roster; true when the client joined. */
    private boolean registerHere(Channel channel, String name, String skeleton, String address, int udpPort,
            Wire wire, String scramFinal, ClientMessage.Resume resume, List<ClientMessage.Join> requestedRooms) {
        if (deliveries.stopping() || !channel.isActive()) {
            return false;
        }
        boolean namesRooms = wire == Wire.V2 && ClientFeatures.knowsRooms(channel);
        switch (roster.register(channel, name, skeleton, address, udpPort, wire, namesRooms)) {
            case JOINED -> {
                registered(roster.memberOf(channel).orElseThrow(), scramFinal, resume, requestedRooms);
                return true;
            }
            case NAME_TAKEN -> refuse(channel, Refusal.nameTaken(name));
            case LOOKS_LIKE_MEMBER -> refuse(channel,
                    Refusal.nameReadsLike(name, roster.readingAs(skeleton).orElseThrow().name()));
            case ROOM_FULL -> refuse(channel, Refusal.roomFull(limits.maxUsers()));
            case ADDRESS_FULL -> refuse(channel, Refusal.tooManyUsersFromAddress(maxUsersPerAddress));
            case ALREADY_REGISTERED -> { }
        }
        return false;
    }

    private void registered(Member<Channel> member, String scramFinal, ClientMessage.Resume resume,
            List<ClientMessage.Join> requestedRooms) {
        ConnectionTable.registered(member.connection());
        events.joined(member.name(), member.address());
        if (member.wire() == Wire.V2) {
            // The welcome names only the newcomer; each room follows as one message shared by all its newcomers.
            LiveRoom main = rooms.defaultRoom();
            deliveries.send(member.connection(), new ServerMessage.Welcome(PROTOCOL_VERSION, serverSoftware,
                    member.name(), member.address(), announcedLimits(), List.of(info(member)), scramFinal,
                    main.log().epoch(), !member.namesRooms(), featuresTaken(member),
                    member.namesRooms() ? main.name() : null));
        }
        joins.registered(member, resume, requestedRooms);
        if (cluster != null) {
            cluster.localChanged();
        }
    }

    @Override
    public void relay(Channel from, String room, String text, String id, boolean action) {
        said.said(from, sender -> joins.roomOf(sender, room), (sender, where) -> {
            counters.messageIn(sender.wire(), false);
            if (where == null) { // a client with rooms that left the default room and names none
                refuse(from, Refusal.notInRoom(room != null ? room : rooms.defaultRoom().name()).withRef(id));
            } else if (cluster != null) {
                cluster.relay(where, sender, text, id, action);
            } else {
                fanOut.relay(where, sender, text, id, action);
            }
        });
    }

    /** What the welcome says the server took of the client's features: "rooms", and "history" when it keeps one. */
    private List<String> featuresTaken(Member<Channel> member) {
        boolean history = this.history.enabled() && ClientFeatures.wantsHistory(member.connection());
        if (member.namesRooms()) {
            return history ? List.of(ClientFeatures.ROOMS, ClientFeatures.HISTORY) : List.of(ClientFeatures.ROOMS);
        }
        return history ? List.of(ClientFeatures.HISTORY) : List.of();
    }

    @Override
    public void history(Channel channel, String room, long before, int count, String id) {
        ReadGate.of(channel).pause(ReadGate.Reason.HISTORY); // until answered: the next request waits for this one
        executor.execute(() -> roster.memberOf(channel).ifPresentOrElse(
                member -> historyRequests.history(member, room, before, count, id),
                () -> HistoryRequests.answered(channel)));
    }

    @Override
    public void search(Channel channel, String room, String text, long before, int count, String id) {
        ReadGate.of(channel).pause(ReadGate.Reason.HISTORY);
        executor.execute(() -> roster.memberOf(channel).ifPresentOrElse(
                member -> historyRequests.search(member, room, text, before, count, id),
                () -> HistoryRequests.answered(channel)));
    }

    @Override
    public void whisper(Channel from, String id, String to, String text) {
        said.said(from, joins::defaultRoomOf, (sender, where) -> {
            counters.messageIn(sender.wire(), true);
            whispers.whisper(sender, id, to, text);
        });
    }

    @Override
    public void join(Channel channel, String name, String key, ClientMessage.Resume since) {
        onMember(channel, member -> {
            joins.join(member, name, key, since);
            roomsChanged();
        });
    }

    @Override
    public void part(Channel channel, String room) {
        onMember(channel, member -> {
            joins.part(member, room);
            roomsChanged();
        });
    }

    /** A member joined or parted a room: the other servers of a cluster hear it. */
    private void roomsChanged() {
        if (cluster != null) {
            cluster.localChanged();
        }
    }

    @Override
    public void topic(Channel channel, String room, String text) {
        said.said(channel, sender -> joins.roomOf(sender, room), (sender, where) -> {
            if (where == null) {
                refuse(channel, Refusal.notInRoom(room));
            } else {
                topics.set(sender, where, text);
            }
        });
    }

    @Override
    public void listRooms(Channel channel) {
        onMember(channel, topics::list);
    }

    /** Runs on the room's loop with the connection's member, if it is one still. */
    private void onMember(Channel channel, Consumer<Member<Channel>> action) {
        executor.execute(() -> roster.memberOf(channel).ifPresent(action));
    }

    /**
     * Set on a connection the room has let go: at its close, or earlier when it was refused for good (the server
     * lingers for it, {@link LingeringClose}); the close's own leave then finds it gone and says nothing more.
     */
    private static final io.netty.util.AttributeKey<Boolean> LEFT = io.netty.util.AttributeKey.valueOf("chatlab.left");

    @Override
    public void leave(Channel channel) {
        if (channel.attr(LEFT).setIfAbsent(Boolean.TRUE) != null) {
            return;
        }
        String reason = DisconnectReason.of(channel);
        if (executor.isShuttingDown()) {
            if (!deliveries.stopping()) { // after a stop, stop has logged every connection's end
                events.disconnected(channel.remoteAddress(), reason); // the room is gone already: nobody to tell
            }
            return;
        }
        executor.execute(() -> {
            deliveries.slowReaders().forget(channel);
            roster.leave(channel).ifPresentOrElse(member -> {
                events.left(member.name(), member.address(), reason);
                joins.leftServer(member, reason);
                if (cluster != null) {
                    cluster.release(member.skeleton());
                    cluster.localLeft();
                }
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
            if (cluster != null) {
                cluster.stop(); // a goodbye: the other servers drop this server's users at once
            }
            for (LiveRoom room : rooms.all()) {
                room.presence().stop();
            }
            events.stopping(connections.size());
            for (Channel channel : connections) {
                if (channel.attr(LEFT).get() != null) {
                    // Refused for good already: it left then, logged with its refusal; the stop's close ends its
                    // linger, and there is nothing more to tell it.
                    continue;
                }
                channel.attr(LEFT).set(Boolean.TRUE);
                Refusal refusal = Refusal.shuttingDown();
                refuse(channel, refusal);
                // Logged here, once per connection: the close completes after the loops may have begun to stop, when
                // the room could no longer tell a member from a connection that never registered.
                roster.leave(channel).ifPresentOrElse(member -> events.left(member.name(), member.address(),
                        refusal.logReason()), () -> events.disconnected(channel.remoteAddress(), refusal.logReason()));
            }
        });
    }

    /**
     * The counters and this server's users in each room, read on the room's loop (where they are written); the
     * future fails if the loop has stopped.
     */
    Future<MetricsSnapshot> metrics(Map<String, Integer> openByWire) {
        return executor.submit(() -> {
            Map<String, Integer> usersByRoom = new TreeMap<>();
            for (LiveRoom room : rooms.all()) {
                int here = 0;
                for (Member<Channel> member : room.state().members()) {
                    if (!RemoteChannel.isRemote(member.connection())) {
                        here++;
                    }
                }
                usersByRoom.put(room.name(), here);
            }
            return new MetricsSnapshot(counters.snapshot(), usersByRoom, openByWire);
        });
    }

    /** Total bytes of lab user-map updates written so far (measured for docs/LIMITS.md and the join-storm test). */
    long presenceBytesSent() {
        return presenceTraffic.labBytesSent();
    }

    /** Total bytes of v2 presence and room-state messages written so far (welcomes not included). */
    long v2PresenceBytesSent() {
        return presenceTraffic.v2BytesSent();
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
