package chatlab.server;

import chatlab.protocol.lab.LabFormat;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells clients who is in the room, at a cost that grows as N squared for N joins, never N cubed.
 *
 * <p>Changes are gathered until the room has been quiet for {@code quiet} (a join storm keeps it busy), but never
 * longer than {@code maxDelay} after the first unannounced change. Then, once for all of them: every lab client gets
 * the one user map the lab wire knows (encoded once, the same bytes for everyone), and every v2 client gets one
 * {@code presence} message with the joins and leaves since the last one (also encoded once; deflated once for the
 * clients that asked for it). A storm of 1,000 joins within {@code maxDelay} thus costs each lab client one full
 * map, and each v2 client one entry per user.
 *
 * <p>A v2 welcome is followed by the room as last announced (one shared {@code presence}); the newcomer learns of
 * later changes, its own join included, from the next presence message like everyone else. A member's first
 * message (chat or whisper) waits for the announcement that introduces it ({@link #beforeFirstMessage}): at once
 * when the presence budget allows, else as soon as it does. Confined to the room's event loop.
 */
final class PresenceFeed {
    // Netty's logger: it goes to whatever logging the application set up (SLF4J in the app), like Netty's own.
    private static final io.netty.util.internal.logging.InternalLogger LOG =
            io.netty.util.internal.logging.InternalLoggerFactory.getInstance(PresenceFeed.class);

    /** Presence messages longer than this go deflated to the clients that accept it. */
    static final int DEFLATE_ABOVE_BYTES = 1024;

    private final Room<Channel> room;
    private final EventExecutor loop;
    private final Outbound outbound;
    private final Delivery delivery;
    private final long quietNanos;
    private final long maxDelayNanos;
    /**
     * Presence traffic the server allows itself, in bytes per second: in a huge lab room one announcement costs
     * (map size x members), so the next announcement waits until this budget has paid for the last one
     * ({@link ServerConfig#DEFAULT_PRESENCE_BYTES_PER_SECOND}).
     */
    private final long bytesPerSecond;
    /**
     * Relays held until their senders are announced (the budget did not allow an announcement yet), in the order
     * they came; they go out right after the announcement.
     */
    private List<Runnable> awaitingAnnouncement = new ArrayList<>();
    private boolean budgetTimerSet;
    private final ServerMessageEncoder v2 = new ServerMessageEncoder();
    private final AtomicLong labBytesSent = new AtomicLong();
    private final AtomicLong v2BytesSent = new AtomicLong();

    /** The roster as last announced, by name: what v2 clients know, and what a welcome lists. */
    private Map<String, Member<Channel>> announced = new LinkedHashMap<>();
    /** Why members left since the last announcement, for the v2 {@code left} entries. */
    private final Map<String, String> leaveReasons = new HashMap<>();
    private byte[] lastMap = new byte[0];
    /** The announced room as a presence message, kept until the next announcement (plain and deflated). */
    private ByteBuf plainSnapshot;
    private ByteBuf deflatedSnapshot;
    private boolean pending;
    private boolean timerSet;
    private long firstChangeNanos;
    private long lastChangeNanos;
    /** Bytes the last announcement wrote; during constant change the next waits until the budget has paid for it. */
    private long lastAnnouncementBytes;
    private long lastAnnouncementNanos;
    private boolean stopped;

    /** Writes to one member unless flow control cut it off; returns whether it was written. */
    interface Delivery {
        boolean deliver(Channel channel, ByteBuf shared);
    }

    PresenceFeed(Room<Channel> room, EventExecutor loop, Outbound outbound, Delivery delivery, Duration quiet,
            Duration maxDelay, long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        this.room = room;
        this.loop = loop;
        this.outbound = outbound;
        this.delivery = delivery;
        this.quietNanos = quiet.toNanos();
        this.maxDelayNanos = Math.max(maxDelay.toNanos(), quietNanos);
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
            if (quietNanos == 0) {
                loop.execute(this::timerFired);
            } else {
                loop.schedule(this::timerFired, quietNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    void left(String name, String reason) {
        leaveReasons.put(name, reason);
        changed();
    }

    /** One timer at a time: when it fires during a storm it sets itself again instead of announcing. */
    private void timerFired() {
        timerSet = false;
        if (!pending || stopped) {
            return;
        }
        long now = System.nanoTime();
        long quietUntil = lastChangeNanos + quietNanos;
        long deadline = firstChangeNanos + maxDelayNanos;
        long due = Math.max(Math.min(quietUntil, deadline), budgetPaidAt());
        if (now >= due) {
            announce();
            return;
        }
        timerSet = true;
        loop.schedule(this::timerFired, due - now, TimeUnit.NANOSECONDS);
    }

    /** When the budget will have paid for the last announcement's bytes; the next one may go out from then on. */
    private long budgetPaidAt() {
        return lastAnnouncementNanos + (long) (lastAnnouncementBytes * 1e9 / bytesPerSecond);
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
        if (awaitingAnnouncement.isEmpty() && System.nanoTime() - budgetPaidAt() >= 0) {
            announce();
            relay.run();
            return;
        }
        awaitingAnnouncement.add(relay);
        if (!budgetTimerSet) {
            budgetTimerSet = true;
            loop.schedule(this::budgetTimerFired, Math.max(0, budgetPaidAt() - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
        }
    }

    private void budgetTimerFired() {
        budgetTimerSet = false;
        if (stopped || awaitingAnnouncement.isEmpty()) {
            return;
        }
        long wait = budgetPaidAt() - System.nanoTime();
        if (wait > 0) { // an announcement went out meanwhile and spent the budget again
            budgetTimerSet = true;
            loop.schedule(this::budgetTimerFired, wait, TimeUnit.NANOSECONDS);
            return;
        }
        announce();
    }

    /** Whether everyone has been told about this member (its messages may then go out at once). */
    boolean isAnnounced(Member<Channel> member) {
        return announced.get(member.name()) == member;
    }

    /**
     * Sends a v2 newcomer, right after its welcome, the room as last announced: one {@code presence} whose joins
     * are everyone. It is encoded (and deflated) once per announcement and the same bytes go to every newcomer until
     * the next, so a storm of N joins costs N x N entries on the wire but only one encoding per announcement.
     */
    void sendSnapshot(Channel newcomer) {
        boolean deflate = ClientFeatures.acceptsDeflate(newcomer);
        ByteBuf bytes = deflate ? deflatedSnapshot : plainSnapshot;
        if (bytes == null) {
            List<UserInfo> users = new ArrayList<>(announced.size());
            for (Member<Channel> member : announced.values()) {
                users.add(RoomService.info(member));
            }
            byte[] plain = v2.encode(new ServerMessage.Presence(users, List.of()));
            byte[] encoded = deflate && plain.length > DEFLATE_ABOVE_BYTES ? v2.deflated(plain) : plain;
            bytes = outbound.share(encoded);
            if (deflate) {
                deflatedSnapshot = bytes;
            } else {
                plainSnapshot = bytes;
            }
        }
        if (delivery.deliver(newcomer, bytes)) {
            v2BytesSent.addAndGet(bytes.readableBytes());
        }
    }

    private void dropSnapshots() {
        release(plainSnapshot);
        release(deflatedSnapshot);
        plainSnapshot = null;
        deflatedSnapshot = null;
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
        List<Member<Channel>> newLabMembers = new ArrayList<>();
        for (Member<Channel> member : room.members()) {
            now.put(member.name(), member);
            if (announced.get(member.name()) != member) {
                joined.add(RoomService.info(member));
                if (member.wire() == Wire.LAB) {
                    newLabMembers.add(member);
                }
            }
        }
        List<ServerMessage.Left> left = new ArrayList<>();
        for (Member<Channel> before : announced.values()) {
            if (now.get(before.name()) != before) {
                left.add(new ServerMessage.Left(before.name(), leaveReasons.getOrDefault(before.name(), "left")));
            }
        }
        announced = now;
        dropSnapshots();
        leaveReasons.clear();
        lastAnnouncementBytes = sendLabMap(newLabMembers);
        if (!joined.isEmpty() || !left.isEmpty()) {
            lastAnnouncementBytes += sendV2Presence(new ServerMessage.Presence(joined, left));
        }
        lastAnnouncementNanos = System.nanoTime();
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
     * The map to every lab member, or, when it is the same as the last one (a name that left and came back from the
     * same address within one window), only to the lab members who have not had a map on this connection yet.
     */
    /** Returns the bytes written. */
    private long sendLabMap(List<Member<Channel>> newLabMembers) {
        byte[] map = LabFormat.paddedUserMapBytes(room.userMap());
        boolean unchanged = Arrays.equals(map, lastMap);
        if (unchanged && newLabMembers.isEmpty()) {
            return 0;
        }
        lastMap = map;
        ByteBuf bytes = null;
        long sent = 0;
        try {
            for (Member<Channel> member : unchanged ? newLabMembers : room.members()) {
                if (member.wire() != Wire.LAB) {
                    continue;
                }
                if (bytes == null) {
                    bytes = outbound.share(map);
                }
                if (delivery.deliver(member.connection(), bytes)) {
                    sent += map.length;
                }
            }
        } finally {
            release(bytes);
        }
        labBytesSent.addAndGet(sent);
        return sent;
    }

    /** Returns the bytes written. */
    private long sendV2Presence(ServerMessage.Presence presence) {
        byte[] plain = null;
        byte[] deflated = null;
        ByteBuf plainBytes = null;
        ByteBuf deflatedBytes = null;
        long sent = 0;
        try {
            for (Member<Channel> member : room.members()) {
                if (member.wire() != Wire.V2) {
                    continue;
                }
                if (plain == null) {
                    plain = v2.encode(presence);
                    if (plain.length > DEFLATE_ABOVE_BYTES) {
                        deflated = v2.deflated(plain);
                    }
                }
                boolean compressed = deflated != null && ClientFeatures.acceptsDeflate(member.connection());
                ByteBuf bytes;
                if (compressed) {
                    if (deflatedBytes == null) {
                        deflatedBytes = outbound.share(deflated);
                    }
                    bytes = deflatedBytes;
                } else {
                    if (plainBytes == null) {
                        plainBytes = outbound.share(plain);
                    }
                    bytes = plainBytes;
                }
                if (delivery.deliver(member.connection(), bytes)) {
                    sent += bytes.readableBytes();
                }
            }
        } finally {
            release(plainBytes);
            release(deflatedBytes);
        }
        v2BytesSent.addAndGet(sent);
        return sent;
    }

    /**
     * No more presence traffic: the server is stopping. Held relays are dropped without giving back their read
     * gates' counts: every connection is being closed, so nobody is left to be paused.
     */
    void stop() {
        stopped = true;
        awaitingAnnouncement.clear();
        dropSnapshots();
    }

    long labBytesSent() {
        return labBytesSent.get();
    }

    long v2BytesSent() {
        return v2BytesSent.get();
    }

    private static void release(ByteBuf bytes) {
        if (bytes != null) {
            bytes.release();
        }
    }
}
