package chatlab.history;

import chatlab.protocol.v2.Wire;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts a log of one row per message (schema version 1) to chunks, in one transaction when a writer opens it:
 * every kept message, number, time, topic and the epoch stay as they were; the search index is made again afterwards,
 * chunk by chunk, as for new messages (a search indexes what waits first). A conversion that fails leaves the file as
 * it was.
 */
final class ChunkMigration {
    private ChunkMigration() {}

    static void run(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                LogSchema.createChunks(statement);
                copy(connection);
                statement.execute("DROP TRIGGER IF EXISTS messages_unindex");
                statement.execute("DROP TABLE IF EXISTS message_words");
                statement.execute("DROP TABLE messages");
                statement.execute("DELETE FROM sqlite_sequence WHERE name = 'messages'");
                statement.execute("ALTER TABLE rooms DROP COLUMN messages");
                statement.execute("ALTER TABLE rooms DROP COLUMN bytes");
                // The files of the first days of the log have no mark: the triggers need one.
                statement.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('" + LogSchema.INDEXED_THROUGH
                        + "', 0)");
                statement.execute("PRAGMA user_version=" + LogSchema.VERSION);
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                try {
                    statement.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }

    /** Every room's messages in order of seq, cut into chunks of at most {@link ChunkBuilder#MAX_MESSAGES}. */
    private static void copy(Connection connection) throws SQLException {
        long id = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT r.name, m.room, m.seq, m.time_ns,"
                + " m.sender, m.wire, m.msg_id, m.text, m.action FROM messages m JOIN rooms r ON r.id = m.room"
                + " ORDER BY m.room, m.seq");
                PreparedStatement insert = ChunkRows.insert(connection);
                ResultSet row = select.executeQuery()) {
            List<LoggedMessage> pending = new ArrayList<>();
            long pendingRoom = -1;
            while (row.next()) {
                long room = row.getLong(2);
                if (room != pendingRoom || pending.size() == ChunkBuilder.MAX_MESSAGES) {
                    id = flush(insert, id, pendingRoom, pending);
                    pendingRoom = room;
                }
                pending.add(new LoggedMessage(row.getString(1), row.getLong(3), ChunkCodec.instant(row.getLong(4)),
                        row.getString(5), Wire.parse(row.getString(6)), row.getString(7), row.getString(8),
                        row.getInt(9) != 0));
            }
            flush(insert, id, pendingRoom, pending);
        }
    }

    private static long flush(PreparedStatement insert, long id, long room, List<LoggedMessage> pending)
            throws SQLException {
        for (ChunkBuilder.Chunk chunk : ChunkBuilder.chunks(pending)) {
            ChunkRows.bind(insert, ++id, room, chunk);
            insert.executeUpdate();
        }
        pending.clear();
        return id;
    }
}
