package chatlab.server;

import chatlab.protocol.NameSkeleton;
import chatlab.protocol.v2.ErrorCode;
import chatlab.server.handler.Refusal;
import chatlab.server.room.Member;
import chatlab.server.room.Room;
import chatlab.server.room.Rooms;
import chatlab.server.room.Roster;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private record Pending(Member<Channel> sender, String id) {}

    private final ClusterLink link;
    private final EventExecutor loop;
    private final Clock clock;
    private final Roster<Channel> roster;
    private final Rooms<Channel, LiveRoom> rooms;
    private final FanOut fanOut;
    private final Refusals refusals;
    private final Map<Long, Pending> pending = new HashMap<>();
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
        this.remote = new RemoteMembers(roster, rooms, joins);
        this.whispers = new ClusterWhispers(link, loop, clock, roster, whispers, deliveries, refusals);
        this.topics = new SharedTopics(loop, rooms, topics);
        whispers.remote(this.whispers);
    }

    void start() {
        link.start(this, rooms.defaultRoom().name());
    }

    /** A local user said something: the cluster orders it; it is relayed (and acknowledged) when it comes back. */
    void relay(LiveRoom room, Member<Channel> sender, String text, String id, boolean action) {
        long ref = ++nextRef;
        pending.put(ref, new Pending(sender, id));
        link.publish(room.name(), new ClusterLink.Said(sender.name(), sender.wire(), id, text, action,
                clock.instant()), ref, notice -> loop.execute(() -> {
                    if (pending.remove(ref) != null) {
                        refusals.refuse(sender.connection(),
                                Refusal.of(ErrorCode.CLUSTER_UNAVAILABLE, notice).withRef(id));
                    }
                }));
    }

    @Override
    public void said(String room, ClusterLink.Said said, boolean here, long ref) {
        loop.execute(() -> {
            Pending mine = here ? pending.remove(ref) : null;
            LiveRoom where = rooms.named(room).orElse(null);
            if (where == null) {
                return; // nobody here is in it
            }
            Member<Channel> sender = mine != null ? mine.sender() : remoteMember(said);
            fanOut.relay(where, sender, said.text(), mine != null ? mine.id() : said.id(), said.action());
        });
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
    void claim(String skeleton, String name, Consumer<Boolean> then) {
        link.claim(skeleton, name, then);
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
