package chatlab.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Applies {@link Retention} to one room inside the writer's transaction. Each rule names the newest message it wants
 * gone (found from the oldest end of the room's chunks, reading only as far as needed, and decoding only the chunk
 * where a rule's count ends); the room loses every message up to the latest of those: whole chunks in one range
 * delete (the trigger takes their words out of the search index), and the first kept chunk rewritten without its
 * older part when the line falls inside it. Sequence numbers of the rest are kept.
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
            through = Math.max(through, seqCovering(c, room, excessMessages, Measure.MESSAGES));
            rules.add(RetentionRule.MESSAGES);
        }
        long excessBytes = room.bytes() - retention.maxBytes();
        if (excessBytes > 0) {
            through = Math.max(through, seqCovering(c, room, excessBytes, Measure.BYTES));
            rules.add(RetentionRule.BYTES);
        }
        if (ageCutoffNanos != NO_AGE) {
            long old = lastSeqBefore(c, room, ageCutoffNanos);
            if (old > 0) {
                through = Math.max(through, old);
                rules.add(RetentionRule.AGE);
            }
        }
        if (through == 0) {
            return null;
        }
        long count = 0;
        long size = 0;
        try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(messages), 0),"
                + " COALESCE(SUM(bytes), 0) FROM chunks WHERE room = ? AND first_seq <= ? AND last_seq <= ?")) {
            select.setLong(1, room.id());
            select.setLong(2, through);
            select.setLong(3, through);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                if (row.getLong(1) > 0) {
                    count = row.getLong(2);
                    size = row.getLong(3);
                }
            }
        }
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM chunks WHERE room = ? AND first_seq <= ? AND last_seq <= ?")) {
            delete.setLong(1, room.id());
            delete.setLong(2, through);
            delete.setLong(3, through);
            delete.executeUpdate();
        }
        long[] cut = cutFirstChunk(c, room, through);
        count += cut[0];
        size += cut[1];
        return new Result(new Trimmed(room.name(), through, count, size, rules), room.trimmed(count, size));
    }

    /**
     * When the room's first chunk now still holds messages up to {@code through}, rewrites it without them.
     *
     * @return the messages and bytes removed
     */
    private static long[] cutFirstChunk(Connection c, RoomState room, long through) throws SQLException {
        long id;
        List<LoggedMessage> messages;
        try (PreparedStatement select = c.prepareStatement("SELECT id, first_seq, first_ns, body FROM chunks"
                + " WHERE room = ? AND first_seq <= ? ORDER BY first_seq LIMIT 1")) {
            select.setLong(1, room.id());
            select.setLong(2, through);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return new long[] {0, 0};
                }
                id = row.getLong(1);
                messages = ChunkCodec.decode(room.name(), row.getLong(2), row.getLong(3), row.getBytes(4));
            }
        }
        int keepFrom = 0;
        long size = 0;
        while (keepFrom < messages.size() && messages.get(keepFrom).seq() <= through) {
            size += messages.get(keepFrom).sizeBytes();
            keepFrom++;
        }
        if (keepFrom == 0) {
            return new long[] {0, 0};
        }
        ChunkBuilder.Chunk kept = ChunkBuilder.of(messages.subList(keepFrom, messages.size()));
        try (PreparedStatement update = c.prepareStatement("UPDATE chunks SET first_seq = ?, first_ns = ?, max_ns = ?,"
                + " messages = ?, bytes = ?, body = ?, words = ? WHERE id = ?")) {
            update.setLong(1, kept.firstSeq());
            update.setLong(2, kept.firstNanos());
            update.setLong(3, kept.maxNanos());
            update.setInt(4, kept.messages());
            update.setLong(5, kept.bytes());
            update.setBytes(6, kept.body());
            update.setString(7, kept.words());
            update.setLong(8, id);
            update.executeUpdate();
        }
        return new long[] {keepFrom, size};
    }

    private enum Measure {
        MESSAGES,
        BYTES
    }

    /**
     * The seq through which the room's oldest messages add up to at least {@code amount} messages or bytes: whole
     * chunks are counted from their rows, and only the chunk where the amount is reached is decoded.
     */
    private static long seqCovering(Connection c, RoomState room, long amount, Measure measure) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT last_seq, messages, bytes, first_seq, first_ns, body"
                + " FROM chunks WHERE room = ? ORDER BY first_seq")) {
            select.setLong(1, room.id());
            long sum = 0;
            long seq = 0;
            try (ResultSet row = select.executeQuery()) {
                while (sum < amount && row.next()) {
                    long chunkAmount = measure == Measure.MESSAGES ? row.getLong(2) : row.getLong(3);
                    if (sum + chunkAmount <= amount) {
                        sum += chunkAmount;
                        seq = row.getLong(1);
                        continue;
                    }
                    for (LoggedMessage message : ChunkCodec.decode(room.name(), row.getLong(4), row.getLong(5),
                            row.getBytes(6))) {
                        if (sum >= amount) {
                            break;
                        }
                        sum += measure == Measure.MESSAGES ? 1 : message.sizeBytes();
                        seq = message.seq();
                    }
                }
            }
            return seq;
        }
    }

    /**
     * The seq of the newest message in the room's unbroken run of messages from before the cutoff, counted from the
     * oldest: the room stamps times as it numbers messages, so that run is all of them (a clock stepped back keeps a
     * few a little longer, never removes a newer one). A chunk whose latest time is before the cutoff is in the run
     * whole, without being decoded.
     */
    private static long lastSeqBefore(Connection c, RoomState room, long cutoffNanos) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT last_seq, max_ns, first_seq, first_ns, body"
                + " FROM chunks WHERE room = ? ORDER BY first_seq")) {
            select.setLong(1, room.id());
            long seq = 0;
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    if (row.getLong(2) < cutoffNanos) {
                        seq = row.getLong(1);
                        continue;
                    }
                    for (LoggedMessage message : ChunkCodec.decode(room.name(), row.getLong(3), row.getLong(4),
                            row.getBytes(5))) {
                        if (LogReads.nanos(message.time()) >= cutoffNanos) {
                            return seq;
                        }
                        seq = message.seq();
                    }
                    return seq; // unreachable: max_ns is not before the cutoff, so some message is not
                }
            }
            return seq;
        }
    }
}
