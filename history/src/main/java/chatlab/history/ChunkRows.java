package chatlab.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The statement that stores a chunk's row, shared by the writer and the conversion of an older file. */
final class ChunkRows {
    private ChunkRows() {}

    static PreparedStatement insert(Connection connection) throws SQLException {
        return connection.prepareStatement("INSERT INTO chunks"
                + " (id, room, first_seq, last_seq, first_ns, max_ns, messages, bytes, body, words)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    static void bind(PreparedStatement insert, long id, long roomId, ChunkBuilder.Chunk chunk) throws SQLException {
        insert.setLong(1, id);
        insert.setLong(2, roomId);
        insert.setLong(3, chunk.firstSeq());
        insert.setLong(4, chunk.lastSeq());
        insert.setLong(5, chunk.firstNanos());
        insert.setLong(6, chunk.maxNanos());
        insert.setInt(7, chunk.messages());
        insert.setLong(8, chunk.bytes());
        insert.setBytes(9, chunk.body());
        insert.setString(10, chunk.words());
    }
}
