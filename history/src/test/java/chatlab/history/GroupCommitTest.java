package chatlab.history;

import static chatlab.history.Logs.await;
import static chatlab.history.Logs.failureOf;
import static chatlab.history.Logs.messages;
import static org.assertj.core.api.Assertions.assertThat;

import chatlab.history.RecordingEvents.Commit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches handed over while a commit is under way go into the next transaction together. The writer is held inside
 * its first commit (through the events listener) while the test hands over more, so the grouping is certain and no
 * timing is involved.
 */
class GroupCommitTest {
    @TempDir
    Path dir;

    @Test
    void batchesHandedOverDuringACommitShareTheNextTransaction() throws Exception {
        RecordingEvents events = new RecordingEvents(true);
        try (SqliteMessageLog log = Logs.open(dir, HistoryConfig.defaults(), events)) {
            CompletableFuture<Void> first = log.append(messages("#r", 1, 1));
            events.awaitFirstCommit();
            assertThat(first).isCompleted(); // durable and completed before the listener hears of it
            List<CompletableFuture<Void>> more = new ArrayList<>();
            for (int batch = 0; batch < 100; batch++) {
                more.add(log.append(messages("#r", 2 + batch * 3L, 4 + batch * 3L)));
            }
            assertThat(log.pendingMessages()).isEqualTo(300);
            events.release();
            await(CompletableFuture.allOf(more.toArray(CompletableFuture[]::new)));
            assertThat(Logs.seqs(await(log.after("#r", 0, 1000)))).isEqualTo(SqliteMessageLogTest.range(1, 301));
            assertThat(log.pendingMessages()).isZero();
        }
        // After close: the writer has reported every commit (it reports after completing the batches' futures).
        assertThat(events.commits).containsExactly(new Commit(1, 1), new Commit(100, 300));
    }

    @Test
    void aGroupStopsAtItsSize() throws Exception {
        RecordingEvents events = new RecordingEvents(true);
        HistoryConfig config = HistoryConfig.defaults().withQueues(HistoryConfig.DEFAULT_MAX_PENDING_MESSAGES, 10,
                HistoryConfig.DEFAULT_MAX_QUEUED_READS);
        try (SqliteMessageLog log = Logs.open(dir, config, events)) {
            log.append(messages("#r", 1, 1));
            events.awaitFirstCommit();
            List<CompletableFuture<Void>> more = new ArrayList<>();
            for (long seq = 2; seq <= 41; seq++) {
                more.add(log.append(messages("#r", seq, seq)));
            }
            events.release();
            await(CompletableFuture.allOf(more.toArray(CompletableFuture[]::new)));
        }
        List<Commit> expected = new ArrayList<>(List.of(new Commit(1, 1)));
        expected.addAll(Collections.nCopies(4, new Commit(10, 10)));
        assertThat(events.commits).isEqualTo(expected);
    }

    @Test
    void pastThePendingLimitAnAppendFailsAtOnce() throws Exception {
        RecordingEvents events = new RecordingEvents(true);
        HistoryConfig config = HistoryConfig.defaults().withQueues(10, HistoryConfig.DEFAULT_MAX_GROUP_MESSAGES,
                HistoryConfig.DEFAULT_MAX_QUEUED_READS);
        try (SqliteMessageLog log = Logs.open(dir, config, events)) {
            log.append(messages("#r", 1, 1));
            events.awaitFirstCommit();
            CompletableFuture<Void> waiting = log.append(messages("#r", 2, 9));
            MessageLogException behind = failureOf(log.append(messages("#r", 10, 14)));
            assertThat(behind.reason()).isEqualTo(MessageLogException.Reason.BEHIND);
            assertThat(behind).hasMessage(
                    "the message log is behind (8 messages are waiting for the disk): message not stored");
            CompletableFuture<Void> fits = log.append(messages("#r", 10, 11));
            events.release();
            await(waiting);
            await(fits);
            assertThat(Logs.seqs(await(log.last("#r", 50)))).isEqualTo(SqliteMessageLogTest.range(1, 11));
        }
    }
}
