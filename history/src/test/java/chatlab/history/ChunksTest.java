package chatlab.history;

import static chatlab.history.Logs.await;
import static chatlab.history.Logs.message;
import static chatlab.history.Logs.messages;
import static chatlab.history.Logs.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.protocol.v2.Wire;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log keeps a commit's messages of a room in one row (a chunk): what is read, searched and trimmed is still
 * message by message, wherever the chunks begin and end.
 */
class ChunksTest {
    @TempDir
    Path dir;

    @Test
    void aChunkGivesBackEveryFieldOfEveryMessage() {
        Instant t = Logs.T0;
        List<LoggedMessage> messages = List.of(
                new LoggedMessage("#r", 5, t, "alice", Wire.V2, "id-5", "hello", false),
                new LoggedMessage("#r", 9, t.minusNanos(1), "bøb", Wire.LAB, null, "wave \uD83D\uDC4B", true),
                new LoggedMessage("#r", 10, t.plusSeconds(86_400 * 365L), "c", Wire.V2, "", "", false),
                new LoggedMessage("#r", 11, t, "d", Wire.V2, "x", "lone \uD800 surrogate", false));
        ChunkBuilder.Chunk chunk = ChunkBuilder.of(messages);
        assertThat(chunk.firstSeq()).isEqualTo(5);
        assertThat(chunk.lastSeq()).isEqualTo(11);
        assertThat(chunk.messages()).isEqualTo(4);
        assertThat(chunk.maxNanos()).isEqualTo(LogReads.nanos(t.plusSeconds(86_400 * 365L)));
        assertThat(chunk.bytes()).isEqualTo(messages.stream().mapToLong(LoggedMessage::sizeBytes).sum());
        List<LoggedMessage> back = ChunkCodec.decode("#r", chunk.firstSeq(), chunk.firstNanos(), chunk.body());
        assertThat(back).hasSize(4);
        assertThat(back.subList(0, 3)).isEqualTo(messages.subList(0, 3));
        // A lone surrogate is stored as U+FFFD, as SQLite stores text (and as sizeBytes counts it).
        assertThat(back.get(3).text()).isEqualTo("lone \uFFFD surrogate");
        assertThat(back.get(3).sizeBytes()).isEqualTo(messages.get(3).sizeBytes());
    }

    @Test
    void aDamagedChunkIsAnErrorNotAWrongMessage() {
        byte[] body = ChunkBuilder.of(messages("#r", 1, 3)).body();
        byte[] cut = java.util.Arrays.copyOf(body, body.length - 2);
        assertThatThrownBy(() -> ChunkCodec.decode("#r", 1, 0, cut)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("damaged");
    }

    @Test
    void aLargeCommitIsCutIntoChunksByCountAndBytes() {
        assertThat(ChunkBuilder.chunks(messages("#r", 1, 130))).extracting(ChunkBuilder.Chunk::messages)
                .containsExactly(64, 64, 2);
        List<LoggedMessage> big = new ArrayList<>();
        for (long seq = 1; seq <= 40; seq++) {
            big.add(message("#r", seq, "x".repeat(4000))); // 4,000 + 5 + 4 or 5 bytes each
        }
        List<ChunkBuilder.Chunk> chunks = ChunkBuilder.chunks(big);
        assertThat(chunks).allSatisfy(c -> assertThat(c.bytes()).isLessThanOrEqualTo(ChunkBuilder.MAX_BYTES));
        assertThat(chunks.stream().mapToInt(ChunkBuilder.Chunk::messages).sum()).isEqualTo(40);
        assertThat(chunks.get(1).firstSeq()).isEqualTo(chunks.get(0).lastSeq() + 1);
    }

    @Test
    void pagesBeginAndEndInsideChunks() throws Exception {
        try (SqliteMessageLog log = Logs.open(dir)) {
            await(log.append(messages("#r", 1, 10)));
            await(log.append(messages("#r", 11, 20)));
            await(log.append(messages("#r", 21, 200))); // 64 + 64 + 52
            assertThat(seqs(await(log.before("#r", 15, 7)))).isEqualTo(range(8, 14));
            assertThat(seqs(await(log.before("#r", 100, 80)))).isEqualTo(range(20, 99));
            assertThat(seqs(await(log.after("#r", 7, 6)))).isEqualTo(range(8, 13));
            assertThat(seqs(await(log.after("#r", 84, 100)))).isEqualTo(range(85, 184));
            assertThat(seqs(await(log.after("#r", 200, 10)))).isEmpty();
            assertThat(seqs(await(log.last("#r", 3)))).containsExactly(198L, 199L, 200L);
            RoomInfo room = await(log.room("#r")).orElseThrow();
            assertThat(room.firstSeq()).isEqualTo(1);
            assertThat(room.lastSeq()).isEqualTo(200);
            assertThat(room.messages()).isEqualTo(200);
        }
    }

    /** The index finds chunks; a message is found only when it holds every word itself. */
    @Test
    void aSearchFindsTheMessagesOfAChunkThatMatchNotTheirNeighbours() throws Exception {
        try (SqliteMessageLog log = Logs.open(dir)) {
            await(log.append(List.of(message("#r", 1, "apple pie"), message("#r", 2, "banana"),
                    message("#r", 3, "apple tart"), message("#r", 4, "ice"), message("#r", 5, "cream"),
                    message("#r", 6, "Grüße aus Köln"), message("#r", 7, "PINEAPPLE"))));
            assertThat(seqs(await(log.search("#r", SearchQuery.parse("apple"), Long.MAX_VALUE, 10))))
                    .containsExactly(3L, 1L);
            // A prefix of four letters finds the words it begins, not those it is inside of.
            assertThat(seqs(await(log.search("#r", SearchQuery.parse("APPL"), Long.MAX_VALUE, 10))))
                    .containsExactly(3L, 1L);
            assertThat(seqs(await(log.search("#r", SearchQuery.parse("pineapple"), Long.MAX_VALUE, 10))))
                    .containsExactly(7L);
            // Both words are in the chunk, in no one message of it.
            assertThat(await(log.search("#r", SearchQuery.parse("apple banana"), Long.MAX_VALUE, 10))).isEmpty();
            // A phrase across two messages' lines is no phrase.
            assertThat(await(log.search("#r", SearchQuery.parse("ice-cream"), Long.MAX_VALUE, 10))).isEmpty();
            assertThat(seqs(await(log.search("#r", SearchQuery.parse("gruße KOLN"), Long.MAX_VALUE, 10))))
                    .containsExactly(6L);
            assertThat(seqs(await(log.search("#r", SearchQuery.parse("apple"), 3, 10)))).containsExactly(1L);
            assertThat(seqs(await(log.search("#r", SearchQuery.parse("apple"), Long.MAX_VALUE, 1))))
                    .containsExactly(3L);
        }
    }

    /** Trimming that ends inside an indexed chunk rewrites it; the index follows (FTS5's own check says so). */
    @Test
    void trimmingInsideAnIndexedChunkKeepsTheIndexExact() throws Exception {
        HistoryConfig config = HistoryConfig.defaults().withIndexing(1, IndexingTest.NEVER_IDLE)
                .withRetention(Retention.defaults().withMaxMessages(25));
        try (SqliteMessageLog log = Logs.open(dir, config, MessageLogEvents.NONE)) {
            await(log.append(messages("#r", 1, 20)));
            await(log.append(messages("#r", 21, 40))); // indexed after each commit; 40 > 25 + 1 %: trimmed to 25
            assertThat(seqs(await(log.after("#r", 0, 100)))).isEqualTo(range(16, 40));
            assertThat(seqs(await(log.search("#r", SearchQuery.parse("message"), Long.MAX_VALUE, 100))))
                    .isEqualTo(descending(40, 16));
            assertThat(await(log.search("#r", SearchQuery.parse("15"), Long.MAX_VALUE, 100))).isEmpty();
            assertThat(seqs(await(log.search("#r", SearchQuery.parse("16"), Long.MAX_VALUE, 100))))
                    .containsExactly(16L);
            RoomInfo room = await(log.room("#r")).orElseThrow();
            assertThat(room.firstSeq()).isEqualTo(16);
            assertThat(room.messages()).isEqualTo(25);
        }
        assertThat(integrity()).isTrue();
    }

    @Test
    void aPartlyTrimmedChunkSurvivesARestart() throws Exception {
        HistoryConfig config = HistoryConfig.defaults().withRetention(Retention.defaults().withMaxMessages(10));
        try (SqliteMessageLog log = Logs.open(dir, config, MessageLogEvents.NONE)) {
            await(log.append(messages("#r", 1, 30)));
        }
        try (SqliteMessageLog log = Logs.open(dir, config, MessageLogEvents.NONE)) {
            assertThat(seqs(await(log.after("#r", 0, 100)))).isEqualTo(range(21, 30));
            await(log.append(messages("#r", 31, 32)));
            assertThat(seqs(await(log.last("#r", 3)))).containsExactly(30L, 31L, 32L);
            assertThat(seqs(await(log.search("#r", SearchQuery.parse("message"), Long.MAX_VALUE, 2))))
                    .containsExactly(32L, 31L);
        }
        assertThat(integrity()).isTrue();
    }

    @Test
    void aTrimByAgeInsideAChunkKeepsTheRunOrder() throws Exception {
        Instant now = Instant.now();
        List<LoggedMessage> batch = new ArrayList<>();
        for (long seq = 1; seq <= 8; seq++) {
            // 1..3 old, 4 recent, 5 old again (a clock stepped back): the run from the oldest ends at 3
            Instant time = seq <= 3 || seq == 5 ? now.minus(Duration.ofDays(3)) : now.minus(Duration.ofMinutes(1));
            batch.add(new LoggedMessage("#r", seq, time, "bob", Wire.LAB, null, "m" + seq, false));
        }
        try (SqliteMessageLog log = Logs.open(dir, HistoryConfig.defaults()
                .withRetention(Retention.defaults().withMaxAge(Duration.ofDays(1))), MessageLogEvents.NONE)) {
            await(log.append(batch));
            assertThat(await(log.trim())).extracting(Trimmed::throughSeq).containsExactly(3L);
            assertThat(seqs(await(log.after("#r", 0, 100)))).isEqualTo(range(4, 8));
        }
    }

    @Test
    void onlyTheQuerysAsciiLettersAndDigitsSortMessagesOutBeforeSqliteLooks() {
        assertThat(SearchCheck.asciiRuns(SearchQuery.parse("Ice-CREAM blåbær 東京 x2y ΣΟΦΙΑ")))
                .containsExactly("ice", "cream", "blabaer", "x2y");
    }

    private boolean integrity() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + SqliteMessageLog.pathIn(dir));
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO chunk_words (chunk_words, rank) VALUES ('integrity-check', 1)");
            try (ResultSet row = s.executeQuery("SELECT COUNT(*) FROM chunks")) {
                return row.next();
            }
        }
    }

    static List<Long> descending(long from, long to) {
        return LongStream.rangeClosed(to, from).map(seq -> from + to - seq).boxed().toList();
    }

    static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }
}
