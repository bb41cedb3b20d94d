package chatlab.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Applies {@link Retention} to one room inside the writer's transaction. Each rule names the newest message it wants
 * gone (found from the oldest end of the room's index, reading only as far as needed); the room loses every message
 * up to the latest of those, in one range delete (the trigger takes their words out of the search index). Sequence
 * numbers of the rest are kept.
 */
final class Trimmer {
    /** No age rule: the age is checked periodically, not with every append. */
    static final long NO_AGE = Long.MIN_VALUE;

    private final Retention retention;

    Trimmer(Retention retention) {
        this.retention = retention;
    }

    /** What one trim did: the report, and the room's state after it. */
    record Result(Trimmed trimmed, RoomState room) {}

    /**
     * Whether a room just appended to is far enough past the count or bytes limit to be trimmed now: past it by 1 %
     * ({@link Retention#slack}), so a full room is trimmed in stretches of 1 % rather than with every batch.
     */
    boolean dueAfterAppend(RoomState room) {
        return room.messages() > retention.maxMessages() + Retention.slack(retention.maxMessages())
                || room.bytes() > retention.maxBytes() + Retention.slack(retention.maxBytes());
    }

    /**
     * Trims a room to every limit, the age one too unless {@code ageCutoffNanos} is {@link #NO_AGE}.
     *
     * @param ageCutoffNanos messages stamped before this (nanoseconds since 1970) are too old
     * @return null when the room is within every limit
     */
    Result trim(Connection c, RoomState room, long ageCutoffNanos) throws SQLException {
        Set<RetentionRule> rules = EnumSet.noneOf(RetentionRule.class);
        long through = 0;
        long excessMessages = room.messages() - retention.maxMessages();
        if (excessMessages > 0) {
            through = Math.max(through, nthOldestSeq(c, room.id(), excessMessages));
            rules.add(RetentionRule.MESSAGES);
        }
        long excessBytes = room.bytes() - retention.maxBytes();
        if (excessBytes > 0) {
            through = Math.max(through, seqCoveringBytes(c, room.id(), excessBytes));
            rules.add(RetentionRule.BYTES);
        }
        if (ageCutoffNanos != NO_AGE) {
            long old = lastSeqBefore(c, room.id(), ageCutoffNanos);
            if (old > 0) {
                through = Math.max(through, old);
                rules.add(RetentionRule.AGE);
            }
        }
        if (through == 0) {
            return null;
        }
        long count;
        long size;
        try (PreparedStatement select = c.prepareStatement(
                "SELECT COUNT(*), COALESCE(SUM(bytes), 0) FROM messages WHERE room = ? AND seq <= ?")) {
            select.setLong(1, room.id());
            select.setLong(2, through);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                count = row.getLong(1);
                size = row.getLong(2);
            }
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM messages WHERE room = ? AND seq <= ?")) {
            delete.setLong(1, room.id());
            delete.setLong(2, through);
            delete.executeUpdate();
        }
        return new Result(new Trimmed(room.name(), through, count, size, rules), room.trimmed(count, size));
    }

    /** The seq of the room's n-th oldest message. */
    private static long nthOldestSeq(Connection c, long roomId, long n) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT seq FROM messages WHERE room = ? ORDER BY seq LIMIT 1 OFFSET ?")) {
            select.setLong(1, roomId);
            select.setLong(2, n - 1);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /** The seq through which the oldest messages add up to at least {@code bytes}. */
    private static long seqCoveringBytes(Connection c, long roomId, long bytes) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT seq, bytes FROM messages WHERE room = ? ORDER BY seq")) {
            select.setLong(1, roomId);
            long sum = 0;
            long seq = 0;
            try (ResultSet row = select.executeQuery()) {
                while (sum < bytes && row.next()) {
                    seq = row.getLong(1);
                    sum += row.getLong(2);
                }
            }
            return seq;
        }
    }

    /**
     * The seq of the newest message in the room's unbroken run of messages from before the cutoff, counted from the
     * oldest: the room stamps times as it numbers messages, so that run is all of them (a clock stepped back keeps a
     * few a little longer, never removes a newer one).
     */
    private static long lastSeqBefore(Connection c, long roomId, long cutoffNanos) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT seq, time_ns FROM messages WHERE room = ? ORDER BY seq")) {
            select.setLong(1, roomId);
            long seq = 0;
            try (ResultSet row = select.executeQuery()) {
                while (row.next() && row.getLong(2) < cutoffNanos) {
                    seq = row.getLong(1);
                }
            }
            return seq;
        }
    }
}
