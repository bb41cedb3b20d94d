package chatlab.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The queries behind every read, on a reader's connection; each walks one room's chunks ({@link ChunkCodec}) along
 * the {@code (room, first_seq)} index from one end of a seq range, and stops as soon as it has enough.
 */
final class LogReads {
    private static final String CHUNK = "SELECT first_seq, first_ns, body FROM chunks";
    private static final String ROOM_ID = "(SELECT id FROM rooms WHERE name = ?)";
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private LogReads() {}

    static List<LoggedMessage> before(Connection c, String room, long beforeSeq, int count) throws SQLException {
        List<LoggedMessage> page = new ArrayList<>();
        if (count <= 0) {
            return page;
        }
        try (PreparedStatement select = c.prepareStatement(CHUNK
                + " WHERE room = " + ROOM_ID + " AND first_seq < ? ORDER BY first_seq DESC")) {
            select.setString(1, room);
            select.setLong(2, beforeSeq);
            try (ResultSet row = select.executeQuery()) {
                while (page.size() < count && row.next()) {
                    List<LoggedMessage> chunk = decode(row, room);
                    for (int i = chunk.size() - 1; i >= 0 && page.size() < count; i--) {
                        if (chunk.get(i).seq() < beforeSeq) {
                            page.add(chunk.get(i));
                        }
                    }
                }
            }
        }
        Collections.reverse(page);
        return page;
    }

    /** From the chunk that holds the first message after {@code afterSeq} (or the room's first) on. */
    static List<LoggedMessage> after(Connection c, String room, long afterSeq, int max) throws SQLException {
        List<LoggedMessage> page = new ArrayList<>();
        if (max <= 0) {
            return page;
        }
        try (PreparedStatement select = c.prepareStatement(CHUNK + " WHERE room = " + ROOM_ID
                + " AND first_seq >= COALESCE((SELECT MAX(first_seq) FROM chunks WHERE room = " + ROOM_ID
                + " AND first_seq <= ?), 0) ORDER BY first_seq")) {
            select.setString(1, room);
            select.setString(2, room);
            select.setLong(3, afterSeq < Long.MAX_VALUE ? afterSeq + 1 : afterSeq);
            try (ResultSet row = select.executeQuery()) {
                while (page.size() < max && row.next()) {
                    for (LoggedMessage message : decode(row, room)) {
                        if (message.seq() > afterSeq && page.size() < max) {
                            page.add(message);
                        }
                    }
                }
            }
        }
        return page;
    }

    /**
     * Walks the room's matching chunks in the index from the newest down (the index's rowid is the chunk's id, which
     * within a room rises with seq), and keeps the messages that match on their own ({@link SearchCheck}), so a page
     * costs about its own length, not the number of matches.
     */
    static List<LoggedMessage> search(Connection c, String room, SearchQuery query, long beforeSeq, int count)
            throws SQLException {
        List<LoggedMessage> found = new ArrayList<>();
        Long roomId = roomId(c, room);
        if (roomId == null || count <= 0) {
            return found;
        }
        long idBound = Long.MAX_VALUE;
        if (beforeSeq != Long.MAX_VALUE) {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT id FROM chunks WHERE room = ? AND first_seq < ? ORDER BY first_seq DESC LIMIT 1")) {
                select.setLong(1, roomId);
                select.setLong(2, beforeSeq);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return found; // nothing is older than beforeSeq
                    }
                    idBound = row.getLong(1);
                }
            }
        }
        SearchCheck.Round round = new SearchCheck.Round(c, query);
        try (PreparedStatement select = c.prepareStatement("SELECT c.first_seq, c.first_ns, c.body, c.messages"
                + " FROM chunk_words CROSS JOIN chunks c ON c.id = chunk_words.rowid"
                + " WHERE chunk_words MATCH ? AND chunk_words.rowid <= ?"
                + " ORDER BY chunk_words.rowid DESC")) {
            select.setString(1, SearchText.matchExpression(roomId, query));
            select.setLong(2, idBound);
            try (ResultSet row = select.executeQuery()) {
                while (found.size() < count && row.next()) {
                    List<LoggedMessage> chunk = decode(row, room);
                    List<LoggedMessage> candidates = new ArrayList<>(chunk.size());
                    for (int i = chunk.size() - 1; i >= 0; i--) {
                        if (chunk.get(i).seq() < beforeSeq) {
                            candidates.add(chunk.get(i));
                        }
                    }
                    round.addChunk(candidates, row.getInt(4) == 1);
                    if (round.due(count - found.size())) {
                        round.checkInto(found, count);
                    }
                }
            }
        }
        round.checkInto(found, count);
        return found;
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

    private static final String ROOM_INFO = "SELECT r.name, r.topic, MAX(r.last_seq, COALESCE((SELECT last_seq"
            + " FROM chunks WHERE room = r.id ORDER BY first_seq DESC LIMIT 1), 0)),"
            + " COALESCE((SELECT MIN(first_seq) FROM chunks WHERE room = r.id), 0),"
            + " (SELECT COALESCE(SUM(messages), 0) FROM chunks WHERE room = r.id),"
            + " (SELECT COALESCE(SUM(bytes), 0) FROM chunks WHERE room = r.id) FROM rooms r";

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

    /** The messages of the chunk in the row's first three columns (first_seq, first_ns, body). */
    private static List<LoggedMessage> decode(ResultSet row, String room) throws SQLException {
        return ChunkCodec.decode(room, row.getLong(1), row.getLong(2), row.getBytes(3));
    }

    /** A message's time as the file stores it: nanoseconds since 1970 (enough until the year 2262). */
    static long nanos(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), NANOS_PER_SECOND), time.getNano());
    }
}
