package chatlab.history;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The file's tables and the connection settings. The schema's version is SQLite's {@code user_version}: 0 in a new
 * file (the tables are then made), {@value #VERSION} for this layout, 1 for the layout of one row per message (chatlab
 * before December 2026), which a writer converts when it opens the file ({@link ChunkMigration}); a file of a later
 * version is refused rather than misread.
 *
 * <ul>
 *   <li>{@code rooms}: one row per room ever stored, with its topic and a sequence number written when trimming
 *       removes messages ({@code last_seq}: the room's last number then, so numbers are never given twice even when
 *       every message is gone). The room's last number is the larger of it and its newest chunk's; its kept
 *       messages' count and bytes are its chunks' sums (the writer keeps them in memory; a commit writes no row of
 *       {@code rooms}, one page fewer in the WAL per commit).
 *   <li>{@code chunks}: consecutive messages of one room, at most {@link ChunkBuilder#MAX_MESSAGES}, stored together
 *       ({@link ChunkCodec}): a commit writes one row per room it touched (more when a room's part is large), so
 *       SQLite's work per row is paid once for a commit's messages, not for each. {@code id} is the order of commit,
 *       which within a room is the order of {@code first_seq}; {@code (room, first_seq)} is unique and is the index
 *       every read uses. {@code max_ns} is the latest time in the chunk (the age rule skips a chunk whose every
 *       message is too old without reading it), {@code messages} and {@code bytes} what retention counts.
 *   <li>{@code chunk_words}: the FTS5 search index over {@code chunks} (external content: its rowid is the chunk's
 *       {@code id}). It indexes column {@code words}, the chunk's texts folded by {@link SearchText}, one line each
 *       (stored, so removing a chunk gives the index exactly the words it was given, as FTS5 needs), and column
 *       {@code room}, the room's id as one token, so a search intersects with one room's rows inside the index. A
 *       search finds chunks; which of a chunk's messages match, SQLite's own tokenizer decides again message by
 *       message ({@link SearchCheck}). Chunks are indexed after they commit, in groups ({@link LogWriter}); {@code
 *       meta.indexed_through} is the highest chunk id indexed, and the triggers take a removed or rewritten chunk's
 *       words out of the index only when it was in it.
 *   <li>{@code meta}: {@code indexed_through}, the log's {@code epoch} (a random name given when the file is made:
 *       the rooms' numbers are comparable only within it, so a client that resumes from another file starts over),
 *       and the small write that tells whether the disk takes writes again ({@code probe}).
 * </ul>
 */
final class LogSchema {
    static final int VERSION = 2;
    /** One row per message, before chunks: converted by a writer on opening. */
    static final int VERSION_ROWS = 1;
    /** The {@code meta} key of the highest chunk id in the search index. */
    static final String INDEXED_THROUGH = "indexed_through";
    /** The {@code meta} key of the log's epoch. */
    static final String EPOCH = "epoch";
    /** SQLite waits this long for another connection's lock (another process) before failing with SQLITE_BUSY. */
    static final int BUSY_TIMEOUT_MILLIS = 5000;
    /** After a checkpoint, the WAL file is cut back to this size (else it stays as large as its largest moment). */
    static final long JOURNAL_SIZE_LIMIT_BYTES = 16L << 20;

    private LogSchema() {}

    /** The writer's connection: WAL, the sync mode, temporary data in memory (a full disk must not stop a read). */
    static Connection writer(Path file, SyncMode sync) throws SQLException {
        Connection connection = connect(file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=" + sync.name());
            statement.execute("PRAGMA journal_size_limit=" + JOURNAL_SIZE_LIMIT_BYTES);
            // Checkpoints run beside the writer ({@link Checkpointer}), never inside an appender's commit.
            statement.execute("PRAGMA wal_autocheckpoint=0");
        } catch (SQLException e) {
            close(connection);
            throw e;
        }
        return connection;
    }

    /** The checkpointer's connection: it syncs the database file as the writer syncs the WAL. */
    static Connection checkpointer(Path file, SyncMode sync) throws SQLException {
        Connection connection = connect(file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA synchronous=" + sync.name());
        } catch (SQLException e) {
            close(connection);
            throw e;
        }
        return connection;
    }

    /** A reader's connection: it cannot change anything, even by mistake. */
    static Connection reader(Path file) throws SQLException {
        Connection connection = connect(file);
        try (Statement statement = connection.createStatement()) {
            SearchCheck.prepare(statement);
            statement.execute("PRAGMA query_only=1");
        } catch (SQLException e) {
            close(connection);
            throw e;
        }
        return connection;
    }

    private static Connection connect(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MILLIS);
            statement.execute("PRAGMA temp_store=MEMORY");
        } catch (SQLException e) {
            close(connection);
            throw e;
        }
        return connection;
    }

    /**
     * Makes the tables in a new file, or checks that an existing one is a message log this code reads.
     *
     * @param mayCreate false for a reader of an existing log: an empty file is then not a log
     */
    static void prepare(Connection connection, Path file, boolean mayCreate) throws SQLException, MessageLogException {
        int version;
        int objects;
        try (Statement statement = connection.createStatement()) {
            version = intOf(statement, "PRAGMA user_version");
            objects = intOf(statement, "SELECT COUNT(*) FROM sqlite_schema");
        }
        if (version == VERSION) {
            return;
        }
        if (version == VERSION_ROWS) {
            if (!mayCreate) {
                throw new MessageLogException(MessageLogException.Reason.DAMAGED, HistoryTexts.olderSchema(file, version));
            }
            ChunkMigration.run(connection);
            return;
        }
        if (version > VERSION) {
            throw new MessageLogException(MessageLogException.Reason.DAMAGED,
                    HistoryTexts.newerSchema(file, version, VERSION));
        }
        if (objects > 0 || !mayCreate) {
            throw new MessageLogException(MessageLogException.Reason.DAMAGED, HistoryTexts.notALog(file));
        }
        create(connection);
    }

    private static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                statement.execute("CREATE TABLE rooms ("
                        + " id INTEGER PRIMARY KEY,"
                        + " name TEXT NOT NULL UNIQUE,"
                        + " topic TEXT,"
                        + " last_seq INTEGER NOT NULL DEFAULT 0)");
                createChunks(statement);
                statement.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value)");
                statement.execute("INSERT INTO meta (key, value) VALUES ('" + INDEXED_THROUGH + "', 0)");
                statement.execute("PRAGMA user_version=" + VERSION);
                statement.execute("COMMIT");
            } catch (SQLException e) {
                statement.execute("ROLLBACK");
                throw e;
            }
        }
    }

    /** The chunks, their search index, and the triggers that keep the index in step (a new file, or a conversion). */
    static void createChunks(Statement statement) throws SQLException {
        statement.execute("CREATE TABLE chunks ("
                + " id INTEGER PRIMARY KEY,"
                + " room INTEGER NOT NULL REFERENCES rooms (id),"
                + " first_seq INTEGER NOT NULL,"
                + " last_seq INTEGER NOT NULL,"
                + " first_ns INTEGER NOT NULL,"
                + " max_ns INTEGER NOT NULL,"
                + " messages INTEGER NOT NULL,"
                + " bytes INTEGER NOT NULL,"
                + " body BLOB NOT NULL,"
                + " words TEXT NOT NULL,"
                + " UNIQUE (room, first_seq))");
        statement.execute("CREATE VIRTUAL TABLE chunk_words USING fts5(room, words, content='chunks',"
                + " content_rowid='id', " + SearchCheck.TOKENIZER + ")");
        String indexed = "(SELECT value FROM meta WHERE key = '" + INDEXED_THROUGH + "')";
        // Whatever removes an indexed chunk takes it out of the index: trimming, or an operator's DELETE.
        statement.execute("CREATE TRIGGER chunks_unindex AFTER DELETE ON chunks WHEN old.id <= " + indexed + " BEGIN"
                + " INSERT INTO chunk_words (chunk_words, rowid, room, words)"
                + " VALUES ('delete', old.id, old.room, old.words); END");
        // Trimming part of a chunk rewrites it: an indexed chunk's index entry follows.
        statement.execute("CREATE TRIGGER chunks_reindex AFTER UPDATE OF words ON chunks WHEN old.id <= " + indexed
                + " BEGIN"
                + " INSERT INTO chunk_words (chunk_words, rowid, room, words)"
                + " VALUES ('delete', old.id, old.room, old.words);"
                + " INSERT INTO chunk_words (rowid, room, words) VALUES (new.id, new.room, new.words); END");
    }

    /**
     * The log's epoch, given (at random) the first time a writer opens the file: a file of an earlier chatlab, made
     * before epochs, gets one then. A reader of a file that has none gets the empty string.
     */
    static String epoch(Connection connection, boolean mayWrite) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT value FROM meta WHERE key = '" + EPOCH + "'")) {
            if (row.next()) {
                return row.getString(1); // read only: a log on a full disk still opens
            }
        }
        if (!mayWrite) {
            return "";
        }
        String epoch = Long.toString(new SecureRandom().nextLong() >>> 1, 36);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO meta (key, value) VALUES ('" + EPOCH + "', ?)")) {
            insert.setString(1, epoch);
            insert.executeUpdate();
        }
        return epoch;
    }

    private static int intOf(Statement statement, String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getInt(1) : 0;
        }
    }

    static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Nothing is left to save on a connection being given up.
        }
    }
}
