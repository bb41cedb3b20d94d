package chatlab.history;

import static chatlab.history.Logs.await;
import static chatlab.history.Logs.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.protocol.v2.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log written by chatlab before chunks (schema version 1: one row per message, the search index over those rows)
 * is converted when a server opens it: every kept message, number, time, topic and the epoch as they were, searches
 * find what they found, and the numbers go on from where they were.
 */
class ChunkMigrationTest {
    @TempDir
    Path dir;

    @Test
    void aLogOfOneRowPerMessageIsConvertedWithEverythingItKept() throws Exception {
        Path file = SqliteMessageLog.pathIn(dir);
        Files.createDirectories(dir);
        List<LoggedMessage> general = new ArrayList<>();
        for (long seq = 3; seq <= 150; seq++) { // 1 and 2 were trimmed: the room's numbers start at 3
            general.add(new LoggedMessage("#general", seq, Logs.T0.plusMillis(seq), seq % 2 == 0 ? "alice" : "bøb",
                    seq % 3 == 0 ? Wire.LAB : Wire.V2, seq % 3 == 0 ? null : "id-" + seq,
                    seq == 77 ? "Grüße aus Köln" : "message " + seq, seq == 5));
        }
        List<LoggedMessage> small = List.of(new LoggedMessage("#small", 1, Logs.T0, "carol", Wire.V2, "c1",
                "東京に行きます", false));
        writeVersionOne(file, general, small);

        assertThatThrownBy(() -> SqliteMessageLog.openForReading(file, HistoryConfig.defaults()))
                .isInstanceOf(MessageLogException.class)
                .hasMessageContaining("has the layout of an earlier chatlab (schema version 1); start `chatlab"
                        + " server` on it once to convert it");

        try (SqliteMessageLog log = Logs.open(dir)) {
            assertThat(log.epoch()).isEqualTo("oldepoch");
            assertThat(await(log.after("#general", 0, 1000))).isEqualTo(general);
            assertThat(await(log.after("#small", 0, 10))).isEqualTo(small);
            RoomInfo room = await(log.room("#general")).orElseThrow();
            assertThat(room.firstSeq()).isEqualTo(3);
            assertThat(room.lastSeq()).isEqualTo(152); // the old row's number: 151 and 152 were given, then trimmed
            assertThat(room.messages()).isEqualTo(148);
            assertThat(room.bytes()).isEqualTo(general.stream().mapToLong(LoggedMessage::sizeBytes).sum());
            assertThat(room.topic()).isEqualTo("plans");
            assertThat(seqs(await(log.search("#general", SearchQuery.parse("koln"), Long.MAX_VALUE, 10))))
                    .containsExactly(77L);
            assertThat(seqs(await(log.search("#small", SearchQuery.parse("東京"), Long.MAX_VALUE, 10))))
                    .containsExactly(1L);
            assertThat(seqs(await(log.search("#general", SearchQuery.parse("message"), 100, 2))))
                    .containsExactly(99L, 98L);
            await(log.append(List.of(Logs.message("#general", 153, "after the conversion"))));
            assertThat(seqs(await(log.last("#general", 2)))).containsExactly(150L, 153L);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            try (ResultSet row = s.executeQuery("PRAGMA user_version")) {
                assertThat(row.getInt(1)).isEqualTo(LogSchema.VERSION);
            }
            try (ResultSet row = s.executeQuery("SELECT COUNT(*) FROM sqlite_schema WHERE name IN"
                    + " ('messages', 'message_words', 'messages_unindex')")) {
                assertThat(row.getInt(1)).isZero();
            }
        }
        // A reader opens the converted file.
        try (SqliteMessageLog reader = SqliteMessageLog.openForReading(file, HistoryConfig.defaults())) {
            assertThat(await(reader.after("#general", 149, 10))).extracting(LoggedMessage::seq)
                    .containsExactly(150L, 153L);
        }
    }

    /** The files of the log's first days had no index mark; the conversion gives them one, and trimming keeps to it. */
    @Test
    void aFileWithoutAnIndexMarkGetsOneAndItsIndexStaysExact() throws Exception {
        Path file = SqliteMessageLog.pathIn(dir);
        Files.createDirectories(dir);
        List<LoggedMessage> general = new ArrayList<>();
        for (long seq = 1; seq <= 148; seq++) {
            general.add(Logs.message("#general", seq, "message " + seq));
        }
        writeVersionOne(file, general, List.of(Logs.message("#small", 1, "hi"))); // the room's last number: 152
        sql(file, "DELETE FROM meta WHERE key = 'indexed_through'");
        HistoryConfig keepHundred = HistoryConfig.defaults().withIndexing(10, IndexingTest.NEVER_IDLE)
                .withRetention(Retention.defaults().withMaxMessages(100));
        try (SqliteMessageLog log = Logs.open(dir, keepHundred, MessageLogEvents.NONE)) {
            assertThat(seqs(await(log.search("#general", SearchQuery.parse("message"), Long.MAX_VALUE, 1))))
                    .containsExactly(148L); // the search indexed everything first
            // Past 100 + 1 %: trimmed, indexed chunks among them, rewritten or deleted with the mark in place.
            await(log.append(List.of(Logs.message("#general", 153, "after"), Logs.message("#general", 154, "more"))));
            assertThat(seqs(await(log.search("#general", SearchQuery.parse("message"), Long.MAX_VALUE, 1000))))
                    .hasSize(98).first().isEqualTo(148L);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            try (ResultSet row = s.executeQuery("SELECT value FROM meta WHERE key = 'indexed_through'")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getLong(1)).isPositive();
            }
            s.execute("INSERT INTO chunk_words (chunk_words, rank) VALUES ('integrity-check', 1)");
        }
    }

    @Test
    void aFileThatCannotBeConvertedIsRefusedWithAReasonAndLeftAsItWas() throws Exception {
        Path file = SqliteMessageLog.pathIn(dir);
        Files.createDirectories(dir);
        List<LoggedMessage> general = new ArrayList<>();
        for (long seq = 1; seq <= 60; seq++) {
            general.add(Logs.message("#general", seq, "fine " + seq));
        }
        writeVersionOne(file, general, List.of(Logs.message("#small", 1, "hi")));
        sql(file, "UPDATE messages SET wire = 'carrier pigeon' WHERE seq = 1 AND room = 2");
        assertThatThrownBy(() -> Logs.open(dir)).isInstanceOf(MessageLogException.class)
                .hasMessageStartingWith("cannot open the message log " + file + ": ");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                ResultSet row = s.executeQuery("PRAGMA user_version")) {
            assertThat(row.getInt(1)).as("rolled back: still the older layout").isEqualTo(1);
        }
    }

    private static void sql(Path file, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** The tables of schema version 1 as chatlab made them, with its rows (messages indexed as it indexed them). */
    private static void writeVersionOne(Path file, List<LoggedMessage> general, List<LoggedMessage> small)
            throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE rooms (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, topic TEXT,"
                    + " last_seq INTEGER NOT NULL DEFAULT 0, messages INTEGER NOT NULL DEFAULT 0,"
                    + " bytes INTEGER NOT NULL DEFAULT 0)");
            s.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, room INTEGER NOT NULL"
                    + " REFERENCES rooms (id), seq INTEGER NOT NULL, time_ns INTEGER NOT NULL, sender TEXT NOT NULL,"
                    + " wire TEXT NOT NULL, msg_id TEXT, text TEXT NOT NULL, action INTEGER NOT NULL,"
                    + " bytes INTEGER NOT NULL, words TEXT NOT NULL, UNIQUE (room, seq))");
            s.execute("CREATE VIRTUAL TABLE message_words USING fts5(room, words, content='messages',"
                    + " content_rowid='id', tokenize='unicode61 remove_diacritics 0')");
            s.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value)");
            s.execute("INSERT INTO meta (key, value) VALUES ('indexed_through', 0)");
            s.execute("INSERT INTO meta (key, value) VALUES ('epoch', 'oldepoch')");
            s.execute("CREATE TRIGGER messages_unindex AFTER DELETE ON messages WHEN old.id <= (SELECT value FROM meta"
                    + " WHERE key = 'indexed_through') BEGIN INSERT INTO message_words (message_words, rowid, room,"
                    + " words) VALUES ('delete', old.id, old.room, old.words); END");
            s.execute("PRAGMA user_version=1");
            long generalBytes = general.stream().mapToLong(LoggedMessage::sizeBytes).sum();
            s.execute("INSERT INTO rooms (id, name, topic, last_seq, messages, bytes) VALUES (1, '#general', 'plans',"
                    + " 152, " + general.size() + ", " + generalBytes + ")");
            s.execute("INSERT INTO rooms (id, name, last_seq, messages, bytes) VALUES (2, '#small', 1, 1, "
                    + small.get(0).sizeBytes() + ")");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO messages (room, seq, time_ns, sender,"
                    + " wire, msg_id, text, action, bytes, words) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                // Interleaved as two rooms' commits would be: ids rise in the order of commit, not by room.
                insert(insert, 1, general.subList(0, 50));
                insert(insert, 2, small);
                insert(insert, 1, general.subList(50, general.size()));
            }
            s.execute("INSERT INTO message_words (rowid, room, words) SELECT id, room, words FROM messages"
                    + " WHERE id <= 100");
            s.execute("UPDATE meta SET value = 100 WHERE key = 'indexed_through'");
        }
    }

    private static void insert(PreparedStatement insert, long room, List<LoggedMessage> messages) throws Exception {
        for (LoggedMessage m : messages) {
            insert.setLong(1, room);
            insert.setLong(2, m.seq());
            insert.setLong(3, LogReads.nanos(m.time()));
            insert.setString(4, m.from());
            insert.setString(5, m.wire().text());
            insert.setString(6, m.id());
            insert.setString(7, m.text());
            insert.setInt(8, m.action() ? 1 : 0);
            insert.setLong(9, m.sizeBytes());
            insert.setString(10, SearchText.fold(m.text()));
            insert.executeUpdate();
        }
    }
}
