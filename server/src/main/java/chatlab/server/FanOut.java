package chatlab.server;

import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageEncoder;
import chatlab.protocol.v2.Wire;
import chatlab.server.handler.Refusal;
import chatlab.server.room.Member;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Relays a chat message to every other member of its room: numbered and stored by the room's {@link RoomLog} (with
 * history, in the message log before anyone sees it), encoded at most
 * once per form (the lab relay; the v2 {@code message} without the room's name for clients from before rooms, with
 * it for the others) and handed to every recipient as the same bytes ({@link Outbound}), and acknowledged to a v2
 * sender once every recipient's copy is in its socket ({@link WriteCountdown}, {@link PendingAcks}). A resent message
 * (same name and id) is acknowledged again with its first room and seq instead of being delivered twice
 * ({@link RecentIds}). Confined to the room's event loop.
 */
final class FanOut {
    private final Clock clock;
    private final Deliveries deliveries;
    private final Refusals refusals;
    private final PendingAcks pendingAcks;
    private final EventExecutor roomLoop;
    private final RecentIds recentIds = new RecentIds();
    private final ServerMessageEncoder v2 = new ServerMessageEncoder();

    FanOut(Clock clock, Deliveries deliveries, Refusals refusals, PendingAcks pendingAcks, EventExecutor roomLoop) {
        this.clock = clock;
        this.deliveries = deliveries;
        this.refusals = refusals;
        this.pendingAcks = pendingAcks;
        this.roomLoop = roomLoop;
    }

    /**
     * Remembers messages said before this run (the log's last ones, oldest first), so a client that resends one
     * whose ack it lost when the server went down gets the ack again instead of a second copy.
     */
    void rememberSaid(List<RecentIds.Said> said) {
        said.forEach(recentIds::remember);
    }

    /** @param id the v2 sender's id for it (acknowledged, duplicates dropped), or null from a lab client */
    void relay(LiveRoom room, Member<Channel> sender, String text, String id, boolean action) {
        relay(room, sender, new ServerMessage.Message(sender.name(), text, 0, clock.instant(), id, action,
                sender.wire()));
    }

    /**
     * Relays {@code said}: numbered by the room's log (a cluster's log keeps the stream's number it carries; the
     * server's own log gives the next one and ignores it).
     */
    void relay(LiveRoom room, Member<Channel> sender, ServerMessage.Message said) {
        Channel from = sender.connection();
        String id = said.id();
        if (sentBefore(sender, id)) {
            return;
        }
        ServerMessage.Message message = room.log().append(said);
        // Stored first (with history: durable, in this turn's group commit), then relayed and acknowledged; a message
        // the log could not store is neither, and its sender is told why.
        room.log().whenStored(message, () -> deliver(room, sender, message),
                reason -> refusals.refuse(from, Refusal.notStored(sender.namesRooms() ? room.name() : null, reason)
                        .withRef(id)));
    }

    /**
     * Whether the sender sent this id before (a resend after a reconnect): then it is acknowledged again with its
     * first room and seq instead of being delivered twice.
     */
    boolean sentBefore(Member<Channel> sender, String id) {
        if (id == null) {
            return false;
        }
        RecentIds.Seen first = recentIds.seen(sender.name(), id);
        if (first == null) {
            return false;
        }
        deliveries.send(sender.connection(), new ServerMessage.Ack(id, first.seq(), clock.instant(), true,
                sender.namesRooms() ? first.room() : null));
        return true;
    }

    /**
     * The cluster holds this message already as {@code seq} (resent after a reconnect, perhaps to another server):
     * acknowledged as a duplicate, and remembered as sent.
     */
    void storedBefore(String room, Member<Channel> sender, String id, long seq) {
        recentIds.remember(sender.name(), id, room, seq);
        sentBefore(sender, id);
    }

    /** The lab relay of a message: {@code NAME: TEXT }, an action as {@code NAME: * NAME TEXT }. */
    static byte[] labRelay(ServerMessage.Message message) {
        String shown = message.action() ? "* " + message.from() + " " + message.text() : message.text();
        return LabFormat.relayBytes(message.from(), shown);
    }

    /** Sends a stored message to every other member of the room, and acknowledges it once they have it. */
    private void deliver(LiveRoom room, Member<Channel> sender, ServerMessage.Message message) {
        Channel from = sender.connection();
        String id = message.id();
        long seq = message.seq();
        Instant time = message.time();
        if (id != null) {
            recentIds.remember(sender.name(), id, room.name(), seq);
        }
        ServerMessage.Ack ack = id == null ? null
                : new ServerMessage.Ack(id, seq, time, false, sender.namesRooms() ? room.name() : null);
        // The ack goes out once every recipient's copy is in its socket (or its connection ended), but waits neither
        // for a recipient that is behind nor longer than PendingAcks.MAX_WAIT for any.
        WriteCountdown written = ack == null ? null
                : new WriteCountdown(() -> roomLoop.execute(() -> deliveries.send(from, ack)), pendingAcks.now());
        ByteBuf labBytes = null;
        ByteBuf v2Bytes = null;
        ByteBuf namedBytes = null;
        int queued = 0;
        try {
            CatchUps catchUps = room.catchUps();
            boolean catchingUp = !catchUps.isEmpty();
            for (Member<Channel> member : room.state().members()) {
                if (member.connection() == from
                        || catchingUp && !catchUps.sendNow(member.connection(), message)) {
                    continue;
                }
                ByteBuf bytes;
                if (member.wire() == Wire.LAB) {
                    if (labBytes == null) {
                        labBytes = deliveries.share(labRelay(message));
                    }
                    bytes = labBytes;
                } else if (!member.namesRooms()) {
                    if (v2Bytes == null) {
                        v2Bytes = deliveries.share(v2.encode(message));
                    }
                    bytes = v2Bytes;
                } else {
                    if (namedBytes == null) {
                        namedBytes = deliveries.share(v2.encode(message.withRoom(room.name())));
                    }
                    bytes = namedBytes;
                }
                if (deliveries.deliver(member.connection(), bytes, written)) {
                    queued++;
                }
            }
        } finally {
            Deliveries.release(labBytes);
            Deliveries.release(v2Bytes);
            Deliveries.release(namedBytes);
        }
        deliveries.counters().relayed(queued);
        if (ack != null) {
            if (queued == 0) {
                deliveries.send(from, ack); // nobody else here: nothing to wait for
            } else {
                written.arrive(); // the fan-out is done adding writes
                pendingAcks.watch(written);
            }
        }
    }
}
