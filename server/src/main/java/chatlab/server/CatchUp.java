package chatlab.server;

import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageEncoder;
import chatlab.protocol.v2.Wire;
import chatlab.server.handler.Refusal;
import chatlab.server.room.Member;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a member that came into a room what it should read there from the room's log, before any live message:
 * first the room's last messages (a v2 client with the feature "history": marked as history and ended with a
 * {@code history} message; a lab client with {@code --lab-history}: as ordinary relays), then, for a client that
 * comes back, everything after the last seq it saw. Meanwhile the room's fan-out holds live messages back for it
 * ({@link CatchUps}); they follow once the log has given everything up to them. Reads from the log come back on the
 * rooms' loop and are sent paced ({@link PacedSend}), page by page. Confined to the rooms' loop.
 */
final class CatchUp {
    /** Messages one read of the log gives at most (the log's page). */
    static final int PAGE_MESSAGES = HistorySettings.MAX_PAGE_MESSAGES;

    private static final ServerMessageEncoder V2 = new ServerMessageEncoder();

    private final LiveRoom room;
    private final Member<Channel> member;
    private final Deliveries deliveries;
    private final Refusals refusals;
    private final boolean marksHistory;
    private CatchUps.Held held;
    /** The newest seq the log gave the member (sent or its own). */
    private long logThrough;

    private CatchUp(LiveRoom room, Member<Channel> member, Deliveries deliveries, Refusals refusals,
            boolean marksHistory) {
        this.room = room;
        this.member = member;
        this.deliveries = deliveries;
        this.refusals = refusals;
        this.marksHistory = marksHistory;
    }

    /**
     * Sends the room's last {@code count} messages, then whatever comes after them until the member is caught up.
     *
     * @param marked a v2 client with the feature "history": the messages are marked and the page ended; otherwise
     *               (a lab client) they are ordinary relays
     */
    static void lastMessages(LiveRoom room, Member<Channel> member, int count, boolean marked, Deliveries deliveries,
            Refusals refusals) {
        CatchUp catchUp = new CatchUp(room, member, deliveries, refusals, marked);
        catchUp.held = room.catchUps().hold(member.connection());
        catchUp.page(count);
    }

    /** Sends everything after {@code seq} (the member's own messages left out: it has them), page by page. */
    static void after(LiveRoom room, Member<Channel> member, long seq, Deliveries deliveries, Refusals refusals) {
        CatchUp catchUp = new CatchUp(room, member, deliveries, refusals, false);
        catchUp.held = room.catchUps().hold(member.connection());
        catchUp.logThrough = seq;
        catchUp.read(seq);
    }

    private boolean current() {
        return member.connection().isActive() && room.catchUps().isCurrent(member.connection(), held);
    }

    private void page(int count) {
        int overflowsAtRead = held.overflows();
        room.log().before(Long.MAX_VALUE, count + 1, messages -> {
            if (!current()) {
                return;
            }
            boolean more = messages.size() > count;
            List<ServerMessage.Message> page = more ? messages.subList(1, messages.size()) : messages;
            List<byte[]> lines = new ArrayList<>(page.size() + 1);
            for (ServerMessage.Message message : page) {
                lines.add(encode(message, marksHistory));
                logThrough = message.seq();
            }
            if (marksHistory) {
                lines.add(V2.encode(new ServerMessage.HistoryEnd(roomField(), null, page.size(), more,
                        page.isEmpty() ? 0 : page.get(0).seq())));
            }
            // The page reached the newest message stored when it was read: the held messages cover what came since.
            PacedSend.send(deliveries, member.connection(), lines, () -> caughtUpOr(overflowsAtRead, logThrough));
        }, this::failed);
    }

    private void read(long after) {
        int overflowsAtRead = held.overflows();
        room.log().after(after, PAGE_MESSAGES, messages -> {
            if (!current()) {
                return;
            }
            List<byte[]> lines = new ArrayList<>(messages.size());
            for (ServerMessage.Message message : messages) {
                if (!message.from().equals(member.name())) {
                    lines.add(encode(message, false));
                }
                logThrough = Math.max(logThrough, message.seq());
            }
            long newest = logThrough;
            if (messages.size() >= PAGE_MESSAGES) {
                PacedSend.send(deliveries, member.connection(), lines, () -> read(newest));
            } else {
                PacedSend.send(deliveries, member.connection(), lines, () -> caughtUpOr(overflowsAtRead, newest));
            }
        }, this::failed);
    }

    /**
     * The last read reached the newest stored message: done, unless held messages were dropped since it was asked
     * for (then the log is read again from where it left off).
     */
    private void caughtUpOr(int overflowsAtRead, long newest) {
        if (!current()) {
            return;
        }
        if (held.overflows() != overflowsAtRead) {
            read(newest);
        } else {
            release();
        }
    }

    private void release() {
        List<ServerMessage.Message> newer = room.catchUps().release(member.connection(), held, logThrough);
        if (newer == null) {
            return;
        }
        for (ServerMessage.Message message : newer) {
            deliveries.sendBytes(member.connection(), encode(message, false));
        }
    }

    /** The log could not be read: the member is told (v2) and gets the live messages from now on. */
    private void failed(String reason) {
        if (!current()) {
            return;
        }
        if (member.wire() == Wire.V2) {
            refusals.refuse(member.connection(), Refusal.historyNotRead(roomField(), reason));
        }
        release();
    }

    private String roomField() {
        return member.namesRooms() ? room.name() : null;
    }

    /** The message as the member gets it live: a lab relay, or a v2 message naming the room when it knows rooms. */
    private byte[] encode(ServerMessage.Message message, boolean history) {
        if (member.wire() == Wire.LAB) {
            return FanOut.labRelay(message);
        }
        ServerMessage.Message shown = member.namesRooms() ? message.withRoom(room.name()) : message;
        return V2.encode(history ? shown.withHistory(true) : shown);
    }
}
