package chatlab.server;

import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageEncoder;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import chatlab.server.handler.ClientFeatures;
import chatlab.server.room.Member;
import chatlab.server.room.Room;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Tells one room's members who is in it, at a cost that grows as N squared for N joins, never N cubed.
 *
 * <p>Changes are gathered until the room has been quiet for {@code quiet} (a join storm keeps it busy), but never
 * longer than {@code maxDelay} after the first unannounced change. In a room with lab members both grow with the room
 * ({@link #windowScale}): an announcement costs each lab member the whole map, and a lab newcomer does not wait for it
 * (below), so a big room's joins that trickle in are gathered for longer.
 * Then, once for all of them: every lab member that does not have the current map gets the one user map the lab wire
 * knows (encoded once, the same bytes for everyone), and every v2 member one {@code presence} message with the joins
 * and leaves since the last one (also encoded once per form: naming the room or not, deflated or not).
 *
 * <p>A newcomer does not wait for that: a lab newcomer gets the room's current map at once, and a v2 newcomer's welcome (or its {@code room} message) is followed by the
 * room as last announced; the newcomer learns of later changes, its own join included, from the next announcement
 * like everyone else. A member's first message (chat or whisper) waits for the announcement that introduces it
 * ({@link #beforeFirstMessage}): at once when the presence budget allows ({@link PresenceTraffic}), else as soon as
 * it does. Confined to the room's event loop.
 */
final class PresenceFeed {
    // Netty's logger: it goes to whatever logging the application set up (SLF4J in the app), like Netty's own.
    private static final io.netty.util.internal.logging.InternalLogger LOG =
            io.netty.util.internal.logging.InternalLoggerFactory.getInstance(PresenceFeed.class);

    /**
     * In a room with lab members the quiet window and the max delay grow by their configured length for every this
     * many members: at the defaults, 20 ms and 500 ms up to 400 members, 100 ms and 2.5 s at 1,000 (docs/LIMITS.md,
     * "Presence cost of a join storm").
     */
    static final int MEMBERS_PER_QUIET_WINDOW = 200;

    private final Room<Channel> room;
    private final String epoch;
    private final EventExecutor loop;
    private final Outbound outbound;
    private final Delivery delivery;
    private final long quietNanos;
    private final long maxDelayNanos;
    private final PresenceTraffic traffic;
    /**
     * Relays held until their senders are announced (the budget did not allow an announcement yet), in the order
     * they came; they go out right after the announcement.
     */
    private List<Runnable> awaitingAnnouncement = new ArrayList<>();
    private boolean budgetTimerSet;
    private final ServerMessageEncoder v2 = new ServerMessageEncoder();

    /** The room as last announced, by name: what v2 members know, and what a newcomer is sent. */
    private Map<String, Member<Channel>> announced = new LinkedHashMap<>();
    /** Why members left since the last announcement, for the v2 {@code left} entries. */
    private final Map<String, String> leaveReasons = new HashMap<>();
    /** The room as last announced, as a presence (clients before rooms) and as a room state (clients with rooms). */
    private SharedLine snapshot;
    private SharedLine state;

    /** The lab map of the room's current members, and which version of it each lab member was sent last. */
    private byte[] labMap = new byte[0];
    private long labMapVersion;
    private long labMapAtChange = -1;
    private final Map<Channel, Long> labMapSent = new HashMap<>();

    private boolean pending;
    private boolean timerSet;
    private long firstChangeNanos;
    private long lastChangeNanos;
    private boolean stopped;

    /** Writes to one member unless flow control cut it off; returns whether it was written. */
    interface Delivery {
        boolean deliver(Channel channel, ByteBuf shared);
    }

    /** @param epoch the room's log's, told in its {@code room} messages */
    PresenceFeed(Room<Channel> room, String epoch, EventExecutor loop, Outbound outbound, Delivery delivery,
            Duration quiet, Duration maxDelay, PresenceTraffic traffic) {
        this.room = room;
        this.epoch = epoch;
        this.loop = loop;
        this.outbound = outbound;
        this.delivery = delivery;
        this.quietNanos = quiet.toNanos();
        this.maxDelayNanos = Math.max(maxDelay.toNanos(), quietNanos);
        this.traffic = traffic;
    }

    /** The room changed (a join or a leave); the news goes out once the room is quiet or the delay is up. */
    void changed() {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        lastChangeNanos = now;
        if (!pending) {
            pending = true;
            firstChangeNanos = now;
        }
        if (!timerSet) {
            timerSet = true;
            long quiet = quietWindowNanos();
            if (quiet == 0) {
                loop.execute(this::timerFired);
            } else {
                loop.schedule(this::timerFired, quiet, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** A member left the room (or the server), for this reason. */
    void left(Member<Channel> member, String reason) {
        labMapSent.remove(member.connection());
        leaveReasons.put(member.name(), reason);
        changed();
    }

    /**
     * How much longer than configured this room gathers changes: once more per {@link #MEMBERS_PER_QUIET_WINDOW}
     * members, when it has lab members (an announcement then costs every lab member the whole map: N x N bytes for a
     * room of N); 1 in a room of v2 clients alone, whose announcements carry only the changes.
     */
    private long windowScale() {
        return room.labMembers() == 0 ? 1 : Math.max(1, room.size() / MEMBERS_PER_QUIET_WINDOW);
    }

    private long quietWindowNanos() {
        return quietNanos * windowScale();
    }

    /** One timer at a time: when it fires during a storm it sets itself again instead of announcing. */
    private void timerFired() {
        timerSet = false;
        if (!pending || stopped) {
            return;
        }
        long now = System.nanoTime();
        long scale = windowScale();
        long quietUntil = lastChangeNanos + quietNanos * scale;
        long deadline = firstChangeNanos + maxDelayNanos * scale;
        long due = Math.max(Math.min(quietUntil, deadline), traffic.paidAtNanos());
        if (now - due >= 0) {
            announce();
            return;
        }
        timerSet = true;
        loop.schedule(this::timerFired, due - now, TimeUnit.NANOSECONDS);
    }

    /**
     * A relay from a member nobody has been told about yet: everyone must learn of it first. The announcement goes
     * out now if the budget allows, else as soon as it does, and the relay waits for it (and so do the later ones
     * of that sender, which keeps them in order). Announcing at once whatever the budget said would let a storm of
     * newcomers who all talk at once cost one full lab map per newcomer to every client: N cubed.
     */
    void beforeFirstMessage(Runnable relay) {
        if (stopped) {
            return;
        }
        if (awaitingAnnouncement.isEmpty() && traffic.paid(System.nanoTime())) {
            announce();
            relay.run();
            return;
        }
        awaitingAnnouncement.add(relay);
        if (!budgetTimerSet) {
            budgetTimerSet = true;
            loop.schedule(this::budgetTimerFired, Math.max(0, traffic.paidAtNanos() - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
        }
    }

    private void budgetTimerFired() {
        budgetTimerSet = false;
        if (stopped || awaitingAnnouncement.isEmpty()) {
            return;
        }
        long wait = traffic.paidAtNanos() - System.nanoTime();
        if (wait > 0) { // presence went out meanwhile and spent the budget again
            budgetTimerSet = true;
            loop.schedule(this::budgetTimerFired, wait, TimeUnit.NANOSECONDS);
            return;
        }
        announce();
    }

    /** Whether everyone in the room has been told about this member (its messages may then go out at once). */
    boolean isAnnounced(Member<Channel> member) {
        return announced.get(member.name()) == member;
    }

    /**
     * Sends a v2 newcomer from before rooms, right after its welcome, the room as last announced: one
     * {@code presence} whose joins are everyone. It is encoded (and deflated) once per announcement and the same bytes
     * go to every newcomer until the next, so a storm of N joins costs N x N entries on the wire but only one encoding
     * per announcement.
     */
    void sendSnapshot(Channel newcomer) {
        if (snapshot == null) {
            snapshot = new SharedLine(outbound, v2, () -> v2.encode(new ServerMessage.Presence(announcedUsers(),
                    List.of())));
        }
        sendV2(newcomer, snapshot.bytes(ClientFeatures.acceptsDeflate(newcomer)), false);
    }

    /** The same for a client with rooms that joined this room: its {@code room} message (topic included). */
    void sendState(Channel joiner) {
        if (state == null) {
            state = new SharedLine(outbound, v2, () -> {
                Room.Topic topic = room.topic().orElse(null);
                return v2.encode(new ServerMessage.RoomState(room.name(), epoch,
                        topic == null ? null : topic.text(), topic == null ? null : topic.by(),
                        topic == null ? null : topic.time(), announcedUsers()));
            });
        }
        sendV2(joiner, state.bytes(ClientFeatures.acceptsDeflate(joiner)), false);
    }

    /** The topic changed: the next {@code room} message must say so. */
    void topicChanged() {
        release(state);
        state = null;
    }

    private List<UserInfo> announcedUsers() {
        List<UserInfo> users = new ArrayList<>(announced.size());
        for (Member<Channel> member : announced.values()) {
            users.add(RoomService.info(member));
        }
        return users;
    }

    /** @param announcement an announcement's presence (paid for by the budget), not a newcomer's copy */
    private void sendV2(Channel channel, ByteBuf bytes, boolean announcement) {
        if (delivery.deliver(channel, bytes)) {
            traffic.sentV2(bytes.readableBytes(), announcement, System.nanoTime());
        }
    }

    /**
     * A lab newcomer gets the room's current map at once, before anything else the room sends it, without waiting for
     * the announcement that tells the others about it: a lab client waits for its first map before it is any use, and
     * in a big room the announcement waits longer ({@link #quietWindowNanos}).
     */
    void welcomeLab(Member<Channel> newcomer) {
        if (!stopped) {
            sendLabMap(List.of(newcomer));
        }
    }

    /**
     * The current map to each of {@code members} that is a lab member of the room and was not sent this version of
     * it yet. Returns the bytes written.
     */
    private long sendLabMap(Iterable<Member<Channel>> members) {
        if (room.labMembers() == 0) {
            return 0;
        }
        if (labMapAtChange != room.changes()) {
            byte[] map = room.labMapBytes();
            labMapAtChange = room.changes();
            if (!Arrays.equals(map, labMap)) { // not when a name left and came back from the same address
                labMap = map;
                labMapVersion++;
            }
        }
        ByteBuf bytes = null;
        long sent = 0;
        try {
            for (Member<Channel> member : members) {
                if (member.wire() != Wire.LAB || !room.has(member)) {
                    continue;
                }
                Long had = labMapSent.get(member.connection());
                if (had != null && had == labMapVersion) {
                    continue;
                }
                if (bytes == null) {
                    bytes = outbound.share(labMap);
                }
                if (delivery.deliver(member.connection(), bytes)) {
                    labMapSent.put(member.connection(), labMapVersion);
                    sent += labMap.length;
                }
            }
        } finally {
            Deliveries.release(bytes);
        }
        traffic.sentLab(sent, System.nanoTime());
        return sent;
    }

    /** Sends what changed since the last announcement to everyone, now. */
    void announce() {
        if (stopped) {
            return;
        }
        if (!pending) {
            releaseHeldRelays(); // their senders were announced some other way (they left and the leave went out)
            return;
        }
        pending = false;
        Map<String, Member<Channel>> now = new LinkedHashMap<>(announced.size() + 16);
        List<UserInfo> joined = new ArrayList<>();
        for (Member<Channel> member : room.members()) {
            now.put(member.name(), member);
            if (announced.get(member.name()) != member) {
                joined.add(RoomService.info(member));
            }
        }
        List<ServerMessage.Left> left = new ArrayList<>();
        for (Member<Channel> before : announced.values()) {
            if (now.get(before.name()) != before) {
                left.add(new ServerMessage.Left(before.name(), leaveReasons.getOrDefault(before.name(), "left")));
            }
        }
        Map<String, Member<Channel>> before = announced;
        announced = now;
        release(snapshot);
        release(state);
        snapshot = null;
        state = null;
        leaveReasons.clear();
        sendLabMap(room.members());
        List<Member<Channel>> newLabMembers = new ArrayList<>();
        for (Member<Channel> member : room.members()) {
            if (member.wire() == Wire.LAB && before.get(member.name()) != member) {
                newLabMembers.add(member);
            }
        }
        // Lab members hear which users are in a browser (and take no datagrams), paid for like the maps.
        traffic.sentLab(NoDirectMessagesNotice.tell(room.members(), before, newLabMembers, outbound, delivery),
                System.nanoTime());
        if (!joined.isEmpty() || !left.isEmpty()) {
            sendV2Presence(new ServerMessage.Presence(joined, left));
        }
        releaseHeldRelays();
    }

    /**
     * Sends the relays that waited for this announcement, in order. A sender that left before it was announced still
     * has its messages relayed, unless its name has been taken again meanwhile ({@link SaidInOrder}).
     * The list is swapped first, since a relay may hold another (a name that left and joined again is a new member,
     * not yet announced).
     */
    private void releaseHeldRelays() {
        if (awaitingAnnouncement.isEmpty()) {
            return;
        }
        List<Runnable> ready = awaitingAnnouncement;
        awaitingAnnouncement = new ArrayList<>();
        for (Runnable relay : ready) {
            try {
                relay.run();
            } catch (RuntimeException e) {
                // One broken relay must not take the others (and their senders' read gates) with it.
                LOG.warn("a held message could not be relayed", e);
            }
        }
    }

    /**
     * One presence message to every v2 member: without the room's name to members from before rooms (only the
     * default room has any), with it to the others; each form encoded once, and deflated once when that pays.
     */
    private void sendV2Presence(ServerMessage.Presence presence) {
        SharedLine plain = new SharedLine(outbound, v2, () -> v2.encode(presence));
        SharedLine named = new SharedLine(outbound, v2, () -> v2.encode(presence.withRoom(room.name())));
        try {
            for (Member<Channel> member : room.members()) {
                if (member.wire() == Wire.V2) {
                    sendV2(member.connection(), (member.namesRooms() ? named : plain)
                            .bytes(ClientFeatures.acceptsDeflate(member.connection())), true);
                }
            }
        } finally {
            plain.release();
            named.release();
        }
    }

    /**
     * No more presence traffic: the server is stopping. Held relays are dropped without giving back their read
     * gates' counts: every connection is being closed, so nobody is left to be paused.
     */
    void stop() {
        stopped = true;
        awaitingAnnouncement.clear();
        release(snapshot);
        release(state);
        snapshot = null;
        state = null;
    }

    /**
     * The room is being dropped (it is empty): the messages held for its announcement go out now (to nobody, but
     * their senders are acknowledged and their read gates freed), then nothing more.
     */
    void close() {
        if (!stopped) {
            releaseHeldRelays();
            stop();
        }
    }

    private static void release(SharedLine line) {
        if (line != null) {
            line.release();
        }
    }
}
