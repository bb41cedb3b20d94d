package chatlab.history;

import chatlab.protocol.v2.Wire;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The queries behind every read, on a reader's connection; each is one indexed range of one room. */
final class LogReads {
    private static final String COLUMNS = "m.seq, m.time_ns, m.sender, m.wire, m.msg_id, m.text, m.action";
    private static final String ROOM_ID = "(SELECT id FROM rooms WHERE name = ?)";
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private LogReads() {}

    static List<LoggedMessage> before(Connection c, String room, long beforeSeq, int count) throws SQLException {
        List<LoggedMessage> page = range(c, "m.seq < ? ORDER BY m.seq DESC", room, beforeSeq, count);
        Collections.reverse(page);
        return page;
    }

    static List<LoggedMessage> after(Connection c, String room, long afterSeq, int max) throws SQLException {
        return range(c, "m.seq > ? ORDER BY m.seq", room, afterSeq, max);
    }

    /** Up to {@code count} of a room's messages from one end of a seq range, in the order given. */
    private static List<LoggedMessage> range(Connection c, String seqAndOrder, String room, long seq, int count)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM messages m"
                + " WHERE m.room = " + ROOM_ID + " AND " + seqAndOrder + " LIMIT ?")) {
            select.setString(1, room);
            select.setLong(2, seq);
            select.setInt(3, count);
            return messages(select, room);
        }
    }

    /**
     * Walks the room's matches in the index from the newest down (the index's rowid is the message's id, which
     * within a room rises with seq), so a page costs its own length, not the number of matches.
     */
    static List<LoggedMessage> search(Connection c, String room, SearchQuery query, long beforeSeq, int count)
            throws SQLException {
        Long roomId = roomId(c, room);
        if (roomId == null) {
            return new ArrayList<>();
        }
        long idBound = Long.MAX_VALUE;
        if (beforeSeq != Long.MAX_VALUE) {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT id FROM messages WHERE room = ? AND seq >= ? ORDER BY seq LIMIT 1")) {
                select.setLong(1, roomId);
                select.setLong(2, beforeSeq);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        idBound = row.getLong(1);
                    }
                }
            }
        }
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                + " FROM message_words CROSS JOIN messages m ON m.id = message_words.rowid"
                + " WHERE message_words MATCH ? AND message_words.rowid < ?"
                + " ORDER BY message_words.rowid DESC LIMIT ?")) {
            select.setString(1, SearchText.matchExpression(roomId, query));
            select.setLong(2, idBound);
            select.setInt(3, count);
            return messages(select, room);
        }
    }

    static Optional<RoomInfo> room(Connection c, String name) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(ROOM_INFO + " WHERE r.name = ?")) {
            select.setString(1, name);
            List<RoomInfo> rooms = rooms(select);
            return rooms.isEmpty() ? Optional.empty() : Optional.of(rooms.get(0));
        }
    }

    static List<RoomInfo> rooms(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(ROOM_INFO + " ORDER BY r.name")) {
            return rooms(select);
        }
    }

    private static final String ROOM_INFO = "SELECT r.name, r.topic, r.last_seq,"
            + " COALESCE((SELECT MIN(seq) FROM messages WHERE room = r.id), 0), r.messages, r.bytes FROM rooms r";

    private static List<RoomInfo> rooms(PreparedStatement select) throws SQLException {
        List<RoomInfo> rooms = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                rooms.add(new RoomInfo(row.getString(1), row.getString(2), row.getLong(3), row.getLong(4),
                        row.getLong(5), row.getLong(6)));
            }
        }
        return rooms;
    }

    private static Long roomId(Connection c, String room) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT id FROM rooms WHERE name = ?")) {
            select.setString(1, room);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        }
    }

    private static List<LoggedMessage> messages(PreparedStatement select, String room) throws SQLException {
        List<LoggedMessage> messages = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                long nanos = row.getLong(2);
                messages.add(new LoggedMessage(room, row.getLong(1),
                        Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND)),
                        row.getString(3), Wire.parse(row.getString(4)), row.getString(5), row.getString(6),
                        row.getInt(7) != 0));
            }
        }
        return messages;
    }

    /** A message's time as the file stores it: nanoseconds since 1970 (enough until the year 2262). */
    static long nanos(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), NANOS_PER_SECOND), time.getNano());
    }
}
