package chatlab.server;

import chatlab.protocol.NameSkeleton;
import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.ServerMessage;
import chatlab.server.handler.Notices;
import chatlab.server.handler.Refusal;
import chatlab.server.room.Member;
import chatlab.server.room.Room;
import chatlab.server.room.Rooms;
import chatlab.server.room.Roster;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The room's side of a {@link ClusterLink}: what a local user says goes to the cluster and is relayed here only when
 * it comes back, in the cluster's order, like everything said on the other servers ({@link FanOut} does the relay
 * either way); the users of the other servers are members of this server's roster and of their rooms with a
 * {@link RemoteChannel} ({@link RemoteMembers}), so lab user maps and v2 presence list them, and nothing is written
 * to them; whispers to them go to their server ({@link ClusterWhispers}); topics are the cluster's
 * ({@link SharedTopics}). Confined to the room's loop, except the link's callbacks, which hop onto it.
 */
final class ClusterRelay implements ClusterLink.Peer {
    /** A message said here, waiting to come back from the cluster. */
    private record Pending(Member<Channel> sender, String id, String room) {}

    /** The shortest wait between two looks for messages that did not come back in time. */
    private static final long MIN_EXPIRY_PERIOD_MILLIS = 50;

    private final ClusterLink link;
    private final EventExecutor loop;
    private final Clock clock;
    private final Roster<Channel> roster;
    private final Rooms<Channel, LiveRoom> rooms;
    private final FanOut fanOut;
    private final Refusals refusals;
    private final PendingReturns<Pending> pending;
    private final RemoteMembers remote;
    private final ClusterWhispers whispers;
    private final SharedTopics topics;
    private long nextRef;
    private boolean rosterScheduled;

    ClusterRelay(ClusterLink link, EventExecutor loop, Clock clock, Roster<Channel> roster,
            Rooms<Channel, LiveRoom> rooms, Joins joins, FanOut fanOut, Refusals refusals, Whispers whispers,
            RoomTopics topics, Deliveries deliveries) {
        this.link = link;
        this.loop = loop;
        this.clock = clock;
        this.roster = roster;
        this.rooms = rooms;
        this.fanOut = fanOut;
        this.refusals = refusals;
        this.pending = new PendingReturns<>(link.limits(), System::nanoTime);
        this.remote = new RemoteMembers(roster, rooms, joins);
        this.whispers = new ClusterWhispers(link, loop, clock, roster, whispers, deliveries, refusals);
        this.topics = new SharedTopics(loop, rooms, topics);
        whispers.remote(this.whispers);
    }

    void start() {
        link.start(this, rooms.defaultRoom().name());
        long period = Math.max(MIN_EXPIRY_PERIOD_MILLIS, link.limits().pendingTimeout().toMillis() / 4);
        loop.scheduleAtFixedRate(this::expire, period, period, TimeUnit.MILLISECONDS);
    }

    /** Tells the v2 senders of messages that did not come back in time, and forgets them (docs/CLUSTER.md). */
    private void expire() {
        for (Pending late : pending.expire()) {
            refusals.refuse(late.sender().connection(), Refusal.of(ErrorCode.CLUSTER_UNAVAILABLE,
                    Notices.clusterNoReturn(pending.limits().pendingTimeout())).withRef(late.id()));
        }
    }

    /** A local user said something: the cluster orders it; it is relayed (and acknowledged) when it comes back. */
    void relay(LiveRoom room, Member<Channel> sender, String text, String id, boolean action) {
        if (fanOut.sentBefore(sender, id)) {
            return; // resent after a reconnect, and relayed here already: acknowledged again
        }
        long ref = ++nextRef;
        if (!pending.add(ref, new Pending(sender, id, room.name()))) {
            refusals.refuse(sender.connection(), Refusal.of(ErrorCode.CLUSTER_UNAVAILABLE,
                    Notices.clusterTooManyPending(pending.limits().maxPendingMessages())).withRef(id));
            return;
        }
        link.publish(room.name(), new ClusterLink.Said(sender.name(), sender.wire(), id, text, action,
                clock.instant()), ref, new ClusterLink.Published() {
                    @Override
                    public void refused(String sentence) {
                        loop.execute(() -> {
                            if (pending.take(ref) != null) {
                                refusals.refuse(sender.connection(),
                                        Refusal.of(ErrorCode.CLUSTER_UNAVAILABLE, sentence).withRef(id));
                            }
                        });
                    }

                    @Override
                    public void duplicate(long seq) {
                        loop.execute(() -> {
                            Pending mine = pending.take(ref);
                            if (mine != null) {
                                fanOut.storedBefore(mine.room(), mine.sender(), mine.id(), seq);
                            }
                        });
                    }
                });
    }

    @Override
    public void said(String room, long seq, ClusterLink.Said said, boolean here, long ref) {
        loop.execute(() -> {
            Pending mine = here ? pending.take(ref) : null;
            LiveRoom where = rooms.named(room).orElse(null);
            if (where == null) {
                return; // nobody here is in it
            }
            // One that came back after its sender was told it timed out is still not echoed to that sender.
            Member<Channel> sender = mine != null ? mine.sender() : here ? localMember(said) : remoteMember(said);
            // Numbered by the stream: the same seq and time on every server, and what the room's log reads back.
            fanOut.relay(where, sender, new ServerMessage.Message(said.from(), said.text(), seq, said.time(),
                    mine != null ? mine.id() : said.id(), said.action(), sender.wire()));
        });
    }

    /** The local user who said it, or a stand-in when it has left. */
    private Member<Channel> localMember(ClusterLink.Said said) {
        return roster.named(said.from()).filter(member -> !RemoteChannel.isRemote(member.connection()))
                .orElseGet(() -> remoteMember(said));
    }

    /** The other server's member who said it, or a stand-in when its roster has not arrived yet. */
    private Member<Channel> remoteMember(ClusterLink.Said said) {
        return remote.named(said.from()).orElseGet(() -> new Member<>(said.from(), NameSkeleton.of(said.from()), "",
                0, said.wire(), new RemoteChannel(""), said.time(), false));
    }

    @Override
    public void roster(String server, List<ClusterLink.Present> users) {
        loop.execute(() -> remote.roster(server, users));
    }

    @Override
    public void whispered(ClusterLink.Whisper whisper, Consumer<Boolean> delivered) {
        whispers.received(whisper, delivered);
    }

    @Override
    public void topic(String room, Room.Topic topic) {
        topics.heard(room, topic);
    }

    /** A topic was set here: the cluster tells every server. */
    void topicSet(String room, Room.Topic topic) {
        link.topic(room, topic);
    }

    /** A local user left: its name is free here, maybe for a user of another server it kept out. */
    void localLeft() {
        remote.nameFreed();
        localChanged();
    }

    /** Claims a name cluster-wide; {@code then} runs on the link's thread. */
    void claim(String skeleton, String name, String sessionKey, Consumer<Boolean> then) {
        link.claim(skeleton, name, sessionKey, then);
    }

    /** Takes a name over from another server (the same client's session); {@code then} runs on the link's thread. */
    void takeOver(String skeleton, String name, String sessionKey, Consumer<Boolean> then) {
        link.takeOver(skeleton, name, sessionKey, then);
    }

    /** On the room's loop: the other server's member of that name goes (its client came here), as if it had left. */
    void evict(Member<Channel> member) {
        remote.evict(member);
    }

    void release(String skeleton) {
        link.release(skeleton);
    }

    @Override
    public void lost(String name) {
        loop.execute(() -> roster.named(name).filter(member -> !RemoteChannel.isRemote(member.connection()))
                .ifPresent(member -> refusals.refuse(member.connection(), Refusal.nameTaken(name))));
    }

    /** A local user came, went, joined or parted a room: the cluster hears the local users once this turn is over. */
    void localChanged() {
        if (rosterScheduled) {
            return;
        }
        rosterScheduled = true;
        loop.execute(() -> {
            rosterScheduled = false;
            List<ClusterLink.Present> local = new ArrayList<>();
            for (Member<Channel> member : roster.members()) {
                if (!RemoteChannel.isRemote(member.connection())) {
                    local.add(new ClusterLink.Present(RoomService.info(member),
                            rooms.roomsOf(member.connection()).stream().map(LiveRoom::name).toList()));
                }
            }
            link.roster(local);
        });
    }

    /** A room is being made here (before anything is said in it): followed, with the cluster's topic. */
    void roomMade(Room<Channel> state) {
        topics.made(state);
        link.follow(state.name());
    }

    void roomDropped(String room) {
        link.unfollow(room);
    }

    void stop() {
        link.close();
    }
}
