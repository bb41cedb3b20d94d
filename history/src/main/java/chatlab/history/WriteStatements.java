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
    private final PreparedStatement insertMessage;
    private final PreparedStatement updateRoom;
    private final PreparedStatement setTopic;
    private final PreparedStatement probe;
    private final PreparedStatement index;
    private final PreparedStatement indexedThrough;
    private int queued;

    WriteStatements(Connection connection) throws SQLException {
        this.connection = connection;
        plain = connection.createStatement();
        insertRoom = connection.prepareStatement("INSERT INTO rooms (name) VALUES (?)", Statement.RETURN_GENERATED_KEYS);
        insertMessage = connection.prepareStatement("INSERT INTO messages"
                + " (id, room, seq, time_ns, sender, wire, msg_id, text, action, bytes, words)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        updateRoom = connection.prepareStatement("UPDATE rooms SET last_seq = ?, messages = ?, bytes = ? WHERE id = ?");
        setTopic = connection.prepareStatement("UPDATE rooms SET topic = ? WHERE id = ?");
        probe = connection.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES ('probe', randomblob(?))");
        index = connection.prepareStatement("INSERT INTO message_words (rowid, room, words)"
                + " SELECT id, room, words FROM messages WHERE id > ? AND id <= ? ORDER BY id");
        indexedThrough = connection.prepareStatement("UPDATE meta SET value = ? WHERE key = '"
                + LogSchema.INDEXED_THROUGH + "'");
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

    /** Queues a message (a trigger indexes its words); {@link #flush} writes what is queued. */
    void addMessage(long id, long roomId, LoggedMessage message, long size) throws SQLException {
        insertMessage.setLong(1, id);
        insertMessage.setLong(2, roomId);
        insertMessage.setLong(3, message.seq());
        insertMessage.setLong(4, LogReads.nanos(message.time()));
        insertMessage.setString(5, message.from());
        insertMessage.setString(6, message.wire().text());
        insertMessage.setString(7, message.id());
        insertMessage.setString(8, message.text());
        insertMessage.setInt(9, message.action() ? 1 : 0);
        insertMessage.setLong(10, size);
        insertMessage.setString(11, SearchText.fold(message.text()));
        insertMessage.addBatch();
        queued++;
    }

    void flush() throws SQLException {
        if (queued > 0) {
            queued = 0;
            insertMessage.executeBatch();
        }
    }

    /** Forgets what was queued (a failed transaction). */
    void discard() {
        queued = 0;
        try {
            insertMessage.clearBatch();
        } catch (SQLException ignored) {
            // The statements are closed with their connection when it is given up.
        }
    }

    void updateRoom(RoomState room) throws SQLException {
        updateRoom.setLong(1, room.lastSeq());
        updateRoom.setLong(2, room.messages());
        updateRoom.setLong(3, room.bytes());
        updateRoom.setLong(4, room.id());
        updateRoom.executeUpdate();
    }

    void setTopic(long roomId, String topic) throws SQLException {
        setTopic.setString(1, topic);
        setTopic.setLong(2, roomId);
        setTopic.executeUpdate();
    }

    /** Adds the messages with ids in (after, through] to the search index, and notes how far it goes. */
    void index(long after, long through) throws SQLException {
        index.setLong(1, after);
        index.setLong(2, through);
        index.executeUpdate();
        indexedThrough.setLong(1, through);
        indexedThrough.executeUpdate();
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
