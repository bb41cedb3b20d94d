package chatlab.history;

import static chatlab.history.Logs.await;
import static chatlab.history.Logs.failureOf;
import static chatlab.history.Logs.message;
import static chatlab.history.Logs.messages;
import static chatlab.history.Logs.seqs;
import static chatlab.history.SqliteMessageLogTest.range;
import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.Wire;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each retention rule on its own, how trimming keeps numbers, and what it takes out of the search. */
class RetentionTest {
    @TempDir
    Path dir;

    private static HistoryConfig keeping(Retention retention) {
        return HistoryConfig.defaults().withRetention(retention);
    }

    @Test
    void byCountARoomKeepsItsNewestMessagesAsItGrows() throws Exception {
        RecordingEvents events = new RecordingEvents(false);
        try (SqliteMessageLog log = Logs.open(dir, keeping(Retention.defaults().withMaxMessages(10)), events)) {
            Logs.appendAll(log, messages("#r", 1, 25), 5);
            assertThat(seqs(await(log.after("#r", 0, 100)))).isEqualTo(range(16, 25));
            assertThat(await(log.room("#r"))).hasValueSatisfying(room -> {
                assertThat(room.messages()).isEqualTo(10);
                assertThat(room.firstSeq()).isEqualTo(16);
                assertThat(room.lastSeq()).isEqualTo(25);
            });
            await(log.append(messages("#other", 1, 3))); // another room is not touched
            assertThat(seqs(await(log.after("#other", 0, 100)))).containsExactly(1L, 2L, 3L);
        }
        assertThat(events.trims).allSatisfy(trim -> assertThat(trim.rules()).isEqualTo(Set.of(RetentionRule.MESSAGES)));
        assertThat(events.trims).extracting(Trimmed::throughSeq).containsExactly(5L, 10L, 15L);
    }

    @Test
    void onAppendAFullRoomIsTrimmedOncePerOnePercent() throws Exception {
        RecordingEvents events = new RecordingEvents(false);
        try (SqliteMessageLog log = Logs.open(dir, keeping(Retention.defaults().withMaxMessages(1000)), events)) {
            await(log.append(messages("#r", 1, 1010)));
            assertThat(await(log.room("#r")).orElseThrow().messages()).isEqualTo(1010); // within the 1 % slack
            await(log.append(messages("#r", 1011, 1011)));
            assertThat(await(log.room("#r")).orElseThrow().messages()).isEqualTo(1000);
            assertThat(await(log.room("#r")).orElseThrow().firstSeq()).isEqualTo(12);
            assertThat(await(log.trim())).isEmpty(); // at the limit: nothing more to do
        }
        assertThat(events.trims).containsExactly(new Trimmed("#r", 11, 11, sizeOf(messages("#r", 1, 11)),
                Set.of(RetentionRule.MESSAGES)));
    }

    @Test
    void byBytesARoomKeepsWhatFitsCountingTextSenderAndId() throws Exception {
        RecordingEvents events = new RecordingEvents(false);
        List<LoggedMessage> hundredBytes = new ArrayList<>();
        for (long seq = 1; seq <= 15; seq++) {
            // 90 bytes of text (45 two-byte letters) + "alice" (5) + "id-" and two digits (5) = 100
            hundredBytes.add(new LoggedMessage("#r", seq, Logs.T0, "alice", Wire.V2, String.format("id-%02d", seq),
                    "ø".repeat(45), false));
        }
        assertThat(hundredBytes).allSatisfy(m -> assertThat(m.sizeBytes()).isEqualTo(100));
        try (SqliteMessageLog log = Logs.open(dir, keeping(Retention.defaults().withMaxBytes(1000)), events)) {
            Logs.appendAll(log, hundredBytes, 1);
            RoomInfo room = await(log.room("#r")).orElseThrow();
            assertThat(room.bytes()).isEqualTo(1000);
            assertThat(seqs(await(log.after("#r", 0, 100)))).isEqualTo(range(6, 15));
        }
        assertThat(events.trims).isNotEmpty()
                .allSatisfy(trim -> assertThat(trim.rules()).isEqualTo(Set.of(RetentionRule.BYTES)));
    }

    @Test
    void byAgeOldMessagesGoAndTheNumbersStay() throws Exception {
        Instant now = Instant.now();
        List<LoggedMessage> batch = new ArrayList<>();
        for (long seq = 1; seq <= 10; seq++) {
            Instant time = seq <= 6 ? now.minus(Duration.ofDays(3)) : now.minus(Duration.ofMinutes(5));
            batch.add(new LoggedMessage("#r", seq, time, "bob", Wire.LAB, null, "word" + seq + " tea", false));
        }
        try (SqliteMessageLog log = Logs.open(dir, keeping(Retention.defaults().withMaxAge(Duration.ofDays(1))),
                MessageLogEvents.NONE)) {
            await(log.append(batch));
            assertThat(await(log.room("#r")).orElseThrow().messages()).isEqualTo(10); // age is not checked on append
            assertThat(await(log.trim())).containsExactly(new Trimmed("#r", 6, 6, sizeOf(batch.subList(0, 6)),
                    Set.of(RetentionRule.AGE)));
            assertThat(seqs(await(log.after("#r", 0, 100)))).isEqualTo(range(7, 10));
            // Gone from the search too, and the rest is still found.
            assertThat(await(log.search("#r", SearchQuery.parse("word3"), Long.MAX_VALUE, 10))).isEmpty();
            assertThat(seqs(await(log.search("#r", SearchQuery.parse("tea"), Long.MAX_VALUE, 10))))
                    .containsExactly(10L, 9L, 8L, 7L);
        }
    }

    @Test
    void aRoomTrimmedToNothingNeverGivesANumberTwice() throws Exception {
        Instant old = Instant.now().minus(Duration.ofDays(30));
        List<LoggedMessage> batch = new ArrayList<>();
        for (long seq = 1; seq <= 5; seq++) {
            batch.add(new LoggedMessage("#r", seq, old, "bob", Wire.LAB, null, "old", false));
        }
        HistoryConfig config = keeping(Retention.defaults().withMaxAge(Duration.ofDays(1)));
        try (SqliteMessageLog log = Logs.open(dir, config, MessageLogEvents.NONE)) {
            await(log.append(batch));
            await(log.trim());
        }
        try (SqliteMessageLog log = Logs.open(dir, config, MessageLogEvents.NONE)) {
            RoomInfo room = await(log.room("#r")).orElseThrow();
            assertThat(room.messages()).isZero();
            assertThat(room.firstSeq()).isZero();
            assertThat(room.lastSeq()).isEqualTo(5);
            assertThat(failureOf(log.append(List.of(message("#r", 3, "reused?"))))).hasMessage(
                    "message 3 of #r is not above the room's last number 5: message not stored");
            await(log.append(List.of(message("#r", 6, "new"))));
            assertThat(seqs(await(log.last("#r", 10)))).containsExactly(6L);
        }
    }

    @Test
    void theLogOpensTrimmedByAge() throws Exception {
        Instant old = Instant.now().minus(Duration.ofDays(100));
        try (SqliteMessageLog log = Logs.open(dir)) { // the default 90 days keep nothing this old...
            await(log.append(List.of(new LoggedMessage("#r", 1, old, "bob", Wire.LAB, null, "old", false),
                    new LoggedMessage("#r", 2, Instant.now(), "bob", Wire.LAB, null, "new", false))));
        }
        RecordingEvents events = new RecordingEvents(false);
        try (SqliteMessageLog log = Logs.open(dir, HistoryConfig.defaults(), events)) { // ...and nobody calls trim
            assertThat(events.trims).containsExactly(new Trimmed("#r", 1, 1, 6, Set.of(RetentionRule.AGE)));
            assertThat(seqs(await(log.last("#r", 10)))).containsExactly(2L);
        }
    }

    private static long sizeOf(List<LoggedMessage> messages) {
        return messages.stream().mapToLong(LoggedMessage::sizeBytes).sum();
    }
}
