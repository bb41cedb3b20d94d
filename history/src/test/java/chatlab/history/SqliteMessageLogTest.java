package chatlab.history;

import static chatlab.history.Logs.await;
import static chatlab.history.Logs.failureOf;
import static chatlab.history.Logs.message;
import static chatlab.history.Logs.messages;
import static chatlab.history.Logs.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.protocol.v2.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMessageLogTest {
    @TempDir
    Path dir;

    @Test
    void keepsEveryFieldOfEveryMessage() throws Exception {
        List<LoggedMessage> batch = List.of(
                new LoggedMessage("#general", 1, Instant.parse("2026-12-01T10:15:30.123456789Z"), "bjørn", Wire.V2,
                        "k3x9", "blåbærsyltetøy 🫐 \"quoted\" \\ and a\ttab", false),
                new LoggedMessage("#general", 2, Instant.parse("2026-12-01T10:15:31Z"), "lab-user", Wire.LAB, null,
                        "from the lab: no id", false),
                new LoggedMessage("#general", 5, Instant.parse("1969-07-20T20:17:40Z"), "alice", Wire.V2, "a1",
                        "waves", true));
        try (SqliteMessageLog log = Logs.open(dir)) {
            await(log.append(batch));
            assertThat(await(log.last("#general", 50))).isEqualTo(batch);
            assertThat(await(log.room("#general"))).contains(new RoomInfo("#general", null, 5, 1, 3,
                    batch.stream().mapToLong(LoggedMessage::sizeBytes).sum()));
        }
    }

    @Test
    void pagesBackwardsAndResumesForwards() throws Exception {
        try (SqliteMessageLog log = Logs.open(dir)) {
            Logs.appendAll(log, messages("#r", 1, 120), 7);
            assertThat(seqs(await(log.last("#r", 50)))).isEqualTo(range(71, 120));
            assertThat(seqs(await(log.before("#r", 71, 50)))).isEqualTo(range(21, 70));
            assertThat(seqs(await(log.before("#r", 21, 50)))).isEqualTo(range(1, 20));
            assertThat(await(log.before("#r", 1, 50))).isEmpty();
            assertThat(seqs(await(log.after("#r", 100, 10)))).isEqualTo(range(101, 110));
            assertThat(seqs(await(log.after("#r", 0, 3)))).isEqualTo(range(1, 3));
            assertThat(await(log.after("#r", 120, 10))).isEmpty();
            assertThat(await(log.last("#nobody-here", 50))).isEmpty();
            assertThat(await(log.room("#nobody-here"))).isEmpty();
        }
    }

    @Test
    void roomsAreKeptApart() throws Exception {
        try (SqliteMessageLog log = Logs.open(dir)) {
            await(log.append(List.of(message("#a", 1, "one in a"), message("#b", 1, "one in b"),
                    message("#a", 2, "two in a"))));
            await(log.setTopic("#b", "the b room"));
            assertThat(await(log.last("#a", 10))).extracting(LoggedMessage::text).containsExactly("one in a", "two in a");
            assertThat(await(log.last("#b", 10))).extracting(LoggedMessage::text).containsExactly("one in b");
            assertThat(await(log.rooms())).extracting(RoomInfo::name, RoomInfo::topic, RoomInfo::firstSeq,
                    RoomInfo::lastSeq, RoomInfo::messages).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("#a", null, 1L, 2L, 2L),
                            org.assertj.core.groups.Tuple.tuple("#b", "the b room", 1L, 1L, 1L));
        }
    }

    /** The rooms' numbers go on across restarts, so the epoch that names them does too; a new file has another. */
    @Test
    void theEpochIsTheFilesForItsWholeLife() throws Exception {
        String epoch;
        try (SqliteMessageLog log = Logs.open(dir)) {
            epoch = log.epoch();
            assertThat(epoch).isNotBlank();
        }
        try (SqliteMessageLog log = Logs.open(dir)) {
            assertThat(log.epoch()).isEqualTo(epoch);
        }
        try (SqliteMessageLog reader = SqliteMessageLog.openForReading(SqliteMessageLog.pathIn(dir),
                HistoryConfig.defaults())) {
            assertThat(reader.epoch()).isEqualTo(epoch);
        }
        try (SqliteMessageLog other = Logs.open(dir.resolve("other"))) {
            assertThat(other.epoch()).isNotBlank().isNotEqualTo(epoch);
        }
    }

    @Test
    void aRestartedLogGoesOnFromTheLastNumber() throws Exception {
        try (SqliteMessageLog log = Logs.open(dir)) {
            Logs.appendAll(log, messages("#r", 1, 10), 3);
            await(log.setTopic("#r", "before the restart"));
        }
        try (SqliteMessageLog log = Logs.open(dir)) {
            RoomInfo room = await(log.room("#r")).orElseThrow();
            assertThat(room.lastSeq()).isEqualTo(10);
            assertThat(room.topic()).isEqualTo("before the restart");
            MessageLogException refused = failureOf(log.append(List.of(message("#r", 10, "again"))));
            assertThat(refused.reason()).isEqualTo(MessageLogException.Reason.INVALID);
            assertThat(refused).hasMessage("message 10 of #r is not above the room's last number 10: message not stored");
            await(log.append(messages("#r", 11, 12)));
            assertThat(seqs(await(log.after("#r", 8, 10)))).containsExactly(9L, 10L, 11L, 12L);
            await(log.setTopic("#r", null));
            assertThat(await(log.room("#r")).orElseThrow().topic()).isNull();
        }
    }

    @Test
    void aBatchWhoseNumbersDoNotRiseFailsAloneAndStoresNothing() throws Exception {
        try (SqliteMessageLog log = Logs.open(dir)) {
            var good = log.append(messages("#r", 1, 3));
            var bad = log.append(List.of(message("#r", 4, "fine"), message("#r", 4, "same number")));
            var alsoGood = log.append(messages("#r", 4, 5));
            await(good);
            assertThat(failureOf(bad)).hasMessage(
                    "message 4 of #r is not above the room's last number 4: message not stored");
            await(alsoGood);
            assertThat(seqs(await(log.last("#r", 10)))).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(await(log.last("#r", 10))).extracting(LoggedMessage::text).doesNotContain("fine", "same number");
            assertThat(log.health().isOk()).isTrue();
        }
    }

    @Test
    void aPageIsCutToTheLimit() throws Exception {
        try (SqliteMessageLog log = Logs.open(dir, HistoryConfig.defaults().withMaxPageMessages(5),
                MessageLogEvents.NONE)) {
            await(log.append(messages("#r", 1, 8)));
            assertThat(seqs(await(log.last("#r", 1000)))).isEqualTo(range(4, 8));
            assertThat(seqs(await(log.after("#r", 0, 1000)))).isEqualTo(range(1, 5));
            assertThat(await(log.last("#r", -3))).isEmpty();
        }
    }

    @Test
    void theFileIsTheOwnersOnlyAndSoAreItsCompanions() throws Exception {
        Path data = dir.resolve("data");
        try (SqliteMessageLog log = Logs.open(data)) {
            await(log.append(messages("#r", 1, 1)));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            for (String name : List.of("messages.db", "messages.db-wal", "messages.db-shm")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(name))))
                        .as(name).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aFileOfALaterVersionOrNotALogIsRefused() throws Exception {
        Path newer = dir.resolve("newer");
        try (SqliteMessageLog log = Logs.open(newer)) {
            await(log.append(messages("#r", 1, 1)));
        }
        sql(SqliteMessageLog.pathIn(newer), "PRAGMA user_version=3");
        assertThatThrownBy(() -> Logs.open(newer)).hasMessage("the message log " + SqliteMessageLog.pathIn(newer)
                + " has schema version 3, newer than this chatlab reads (2); use a newer chatlab");

        Path other = dir.resolve("other");
        Files.createDirectories(other);
        sql(SqliteMessageLog.pathIn(other), "CREATE TABLE something (x)");
        assertThatThrownBy(() -> Logs.open(other)).hasMessage(SqliteMessageLog.pathIn(other)
                + " is not a chatlab message log");

        Path text = dir.resolve("text");
        Files.createDirectories(text);
        Files.writeString(SqliteMessageLog.pathIn(text), "not a database at all, but long enough to have a header".repeat(20));
        assertThatThrownBy(() -> Logs.open(text)).isInstanceOf(MessageLogException.class)
                .hasMessageStartingWith("cannot open the message log " + SqliteMessageLog.pathIn(text)
                        + ": the message log file is damaged (");
    }

    @Test
    void aReaderReadsWhileTheServerWritesAndWritesNothing() throws Exception {
        Path file = SqliteMessageLog.pathIn(dir);
        assertThatThrownBy(() -> SqliteMessageLog.openForReading(file, HistoryConfig.defaults()))
                .hasMessage("there is no message log at " + file + " (a server with history creates it)");
        try (SqliteMessageLog server = Logs.open(dir);
                SqliteMessageLog reader = SqliteMessageLog.openForReading(file, HistoryConfig.defaults())) {
            await(server.append(messages("#r", 1, 3)));
            assertThat(seqs(await(reader.after("#r", 0, 10)))).containsExactly(1L, 2L, 3L);
            await(server.append(messages("#r", 4, 4)));
            assertThat(seqs(await(reader.last("#r", 1)))).containsExactly(4L);
            assertThat(failureOf(reader.append(messages("#r", 5, 5))))
                    .hasMessage("the message log was opened for reading only: message not stored");
            assertThat(failureOf(reader.trim())).hasMessage("the message log was opened for reading only: nothing trimmed");
        }
    }

    @Test
    void aClosedLogSaysSo() throws Exception {
        SqliteMessageLog log = Logs.open(dir);
        var queued = log.append(messages("#r", 1, 100));
        log.close();
        await(queued); // handed over before close: committed by it
        MessageLogException closed = failureOf(log.append(messages("#r", 101, 101)));
        assertThat(closed.reason()).isEqualTo(MessageLogException.Reason.CLOSED);
        assertThat(closed).hasMessage("the message log is closed: message not stored");
        assertThat(failureOf(log.last("#r", 5))).hasMessage("the message log is closed: history not read");
        assertThat(log.pendingMessages()).isZero();
        log.close(); // twice is harmless
        try (SqliteMessageLog again = Logs.open(dir)) {
            assertThat(await(again.room("#r")).map(RoomInfo::messages)).isEqualTo(Optional.of(100L));
        }
    }

    @Test
    void anEmptyBatchIsDoneAtOnce() throws Exception {
        try (SqliteMessageLog log = Logs.open(dir)) {
            assertThat(log.append(List.of())).isCompleted();
            assertThat(await(log.rooms())).isEmpty();
        }
    }

    static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    static void sql(Path file, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
