package chatlab.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The writer's prepared statements, made once per connection. */
final class WriteStatements implements AutoCloseable {
    final Connection connection;
    private final Statement plain;
    private final PreparedStatement insertRoom;
    private final PreparedStatement insertChunk;
    private final PreparedStatement updateRoom;
    private final PreparedStatement setTopic;
    private final PreparedStatement probe;
    private final PreparedStatement index;
    private final PreparedStatement indexedThrough;
    private final PreparedStatement messagesIn;
    private final PreparedStatement indexEnd;
    private int queued;

    WriteStatements(Connection connection) throws SQLException {
        this.connection = connection;
        plain = connection.createStatement();
        insertRoom = connection.prepareStatement("INSERT INTO rooms (name) VALUES (?)", Statement.RETURN_GENERATED_KEYS);
        insertChunk = ChunkRows.insert(connection);
        updateRoom = connection.prepareStatement("UPDATE rooms SET last_seq = ? WHERE id = ?");
        setTopic = connection.prepareStatement("UPDATE rooms SET topic = ? WHERE id = ?");
        probe = connection.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES ('probe', randomblob(?))");
        index = connection.prepareStatement("INSERT INTO chunk_words (rowid, room, words)"
                + " SELECT id, room, words FROM chunks WHERE id > ? AND id <= ? ORDER BY id");
        indexEnd = connection.prepareStatement("SELECT id, messages FROM chunks WHERE id > ? ORDER BY id");
        messagesIn = connection.prepareStatement(
                "SELECT COALESCE(SUM(messages), 0) FROM chunks WHERE id > ? AND id <= ?");
        indexedThrough = connection.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES ('"
                + LogSchema.INDEXED_THROUGH + "', ?)");
    }

    void execute(String sql) throws SQLException {
        plain.execute(sql);
    }

    long insertRoom(String name) throws SQLException {
        insertRoom.setString(1, name);
        insertRoom.executeUpdate();
        try (ResultSet keys = insertRoom.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("no id for the new room " + name);
            }
            return keys.getLong(1);
        }
    }

    /** Queues a chunk's row; {@link #flush} writes what is queued. */
    void addChunk(long id, long roomId, ChunkBuilder.Chunk chunk) throws SQLException {
        ChunkRows.bind(insertChunk, id, roomId, chunk);
        insertChunk.addBatch();
        queued++;
    }

    void flush() throws SQLException {
        if (queued > 0) {
            queued = 0;
            insertChunk.executeBatch();
        }
    }

    /** Forgets what was queued (a failed transaction). */
    void discard() {
        queued = 0;
        try {
            insertChunk.clearBatch();
        } catch (SQLException ignored) {
            // The statements are closed with their connection when it is given up.
        }
    }

    /** Keeps the room's last number in its row (before trimming may remove the chunk that holds it). */
    void keepLastSeq(RoomState room) throws SQLException {
        updateRoom.setLong(1, room.lastSeq());
        updateRoom.setLong(2, room.id());
        updateRoom.executeUpdate();
    }

    void setTopic(long roomId, String topic) throws SQLException {
        setTopic.setString(1, topic);
        setTopic.setLong(2, roomId);
        setTopic.executeUpdate();
    }

    /** Adds the chunks with ids in (after, through] to the search index, and notes how far it goes. */
    void index(long after, long through) throws SQLException {
        index.setLong(1, after);
        index.setLong(2, through);
        index.executeUpdate();
        indexedThrough.setLong(1, through);
        indexedThrough.executeUpdate();
    }

    /**
     * The id through which the chunks after {@code after} hold about {@code messages} messages (the first chunk that
     * reaches it, or the last chunk): an index transaction's end, so that it holds up appends for about as long
     * whatever the chunks' sizes.
     */
    long indexedThroughFor(long after, int messages) throws SQLException {
        indexEnd.setLong(1, after);
        long through = after;
        long sum = 0;
        try (ResultSet row = indexEnd.executeQuery()) {
            while (sum < messages && row.next()) {
                through = row.getLong(1);
                sum += row.getLong(2);
            }
        }
        return through;
    }

    /** The messages of the chunks with ids in (after, through]. */
    long messagesIn(long after, long through) throws SQLException {
        messagesIn.setLong(1, after);
        messagesIn.setLong(2, through);
        try (ResultSet row = messagesIn.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    void probe(int bytes) throws SQLException {
        probe.setInt(1, bytes);
        probe.executeUpdate();
    }

    @Override
    public void close() {
        LogSchema.close(connection);
    }
}
