package chatlab.history;

import static chatlab.history.Logs.await;
import static chatlab.history.Logs.messages;
import static chatlab.history.Logs.seqs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages reach the search index after they commit, in chunks: a search still finds everything acknowledged before
 * it, and trimming keeps the index exactly in step with the messages (FTS5's own integrity check says so).
 */
class IndexingTest {
    /** Long enough that the writer never indexes on its own during a test: only chunks and searches do. */
    static final Duration NEVER_IDLE = Duration.ofHours(1);

    @TempDir
    Path dir;

    /** A log that does not index ahead (a server without searches) never indexes until a search asks. */
    @Test
    void withoutIndexingAheadNothingIsIndexedUntilASearch() throws Exception {
        HistoryConfig config = HistoryConfig.defaults().withIndexing(10, Duration.ofMillis(1)).withIndexAhead(false);
        try (SqliteMessageLog log = Logs.open(dir, config, MessageLogEvents.NONE)) {
            for (int seq = 1; seq <= 40; seq += 5) {
                await(log.append(messages("#r", seq, seq + 4)));
            }
            Thread.sleep(50); // many idle windows and full chunks: an indexing writer would have indexed all 40
            assertThat(indexedMessages()).isZero();
            assertThat(seqs(await(log.search("#r", SearchQuery.parse("message"), Long.MAX_VALUE, 2))))
                    .containsExactly(40L, 39L);
            assertThat(indexedMessages()).isEqualTo(40);
        }
    }

    @Test
    void aSearchFindsEveryMessageAcknowledgedBeforeIt() throws Exception {
        HistoryConfig config = HistoryConfig.defaults().withIndexing(1_000_000, NEVER_IDLE);
        try (SqliteMessageLog log = Logs.open(dir, config, MessageLogEvents.NONE)) {
            await(log.append(messages("#r", 1, 40)));
            assertThat(indexedMessages()).isZero(); // nothing indexed on its own yet
            assertThat(seqs(await(log.search("#r", SearchQuery.parse("message"), Long.MAX_VALUE, 3))))
                    .containsExactly(40L, 39L, 38L);
            assertThat(indexedMessages()).isEqualTo(40);
            assertThat(indexIntegrity()).isTrue();
        }
    }

    @Test
    void aBusyLogIndexesFullChunks() throws Exception {
        HistoryConfig config = HistoryConfig.defaults().withIndexing(10, NEVER_IDLE);
        try (SqliteMessageLog log = Logs.open(dir, config, MessageLogEvents.NONE)) {
            await(log.append(messages("#r", 1, 25)));
            await(log.append(messages("#r", 26, 26)));
        }
        // Closed: the writer has finished. Once 10 messages wait after a commit they are indexed (the first commit's
        // 25, one chunk); the last one waits for a pause.
        assertThat(indexedMessages()).isEqualTo(25);
    }

    /** An index transaction holds about a chunk's worth of messages, however many commits (chunks) they came in. */
    @Test
    void anIndexTransactionHoldsAboutAChunkOfMessagesWhateverTheChunksSizes() throws Exception {
        HistoryConfig config = HistoryConfig.defaults().withIndexing(10, NEVER_IDLE);
        try (SqliteMessageLog log = Logs.open(dir, config, MessageLogEvents.NONE)) {
            for (int seq = 1; seq <= 24; seq++) {
                await(log.append(messages("#r", seq, seq))); // a chunk each
            }
        }
        assertThat(indexedMessages()).as("two transactions of 10; the last 4 wait for a pause").isEqualTo(20);
    }

    @Test
    void anIdleLogIndexesWhatWaits() throws Exception {
        HistoryConfig config = HistoryConfig.defaults().withIndexing(1_000_000, Duration.ofMillis(1));
        try (SqliteMessageLog log = Logs.open(dir, config, MessageLogEvents.NONE)) {
            await(log.append(messages("#r", 1, 3)));
            chatlab.testkit.Await.until("the idle writer indexes the 3 messages", () -> {
                try {
                    return indexedMessages() == 3;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }
    }

    @Test
    void trimmingIndexedAndUnindexedMessagesKeepsTheIndexExact() throws Exception {
        HistoryConfig config = HistoryConfig.defaults().withIndexing(7, NEVER_IDLE)
                .withRetention(Retention.defaults().withMaxMessages(5));
        try (SqliteMessageLog log = Logs.open(dir, config, MessageLogEvents.NONE)) {
            for (long seq = 1; seq <= 60; seq += 3) {
                await(log.append(messages("#r", seq, seq + 2)));
                await(log.append(messages("#s", seq, seq + 2)));
            }
            assertThat(seqs(await(log.search("#r", SearchQuery.parse("message"), Long.MAX_VALUE, 50))))
                    .containsExactly(60L, 59L, 58L, 57L, 56L);
            assertThat(indexIntegrity()).isTrue();
        }
    }

    /** The messages of the chunks in the search index (those with ids up to {@code meta.indexed_through}). */
    private long indexedMessages() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + SqliteMessageLog.pathIn(dir));
                Statement s = c.createStatement();
                ResultSet row = s.executeQuery("SELECT COALESCE(SUM(messages), 0) FROM chunks"
                        + " WHERE id <= (SELECT value FROM meta WHERE key = 'indexed_through')")) {
            return row.next() ? row.getLong(1) : -1;
        }
    }

    /** FTS5's 'integrity-check': the index holds exactly the words of the messages it says it holds. */
    private boolean indexIntegrity() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + SqliteMessageLog.pathIn(dir));
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO chunk_words (chunk_words, rank) VALUES ('integrity-check', 1)");
            return true;
        }
    }
}
