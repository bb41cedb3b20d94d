package chatlab.history;

import static chatlab.history.Logs.await;
import static chatlab.history.Logs.failureOf;
import static chatlab.history.Logs.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chatlab.protocol.v2.Wire;
import chatlab.testkit.Await;
import chatlab.testkit.TinyFileSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log on a file system that fills up: a tmpfs of {@value #SIZE} that this test mounts, which needs root (CI runs
 * as root). The appender whose batch does not fit is told why; every batch acknowledged before is there after a
 * reopen on the still full disk; and once there is room again the log works again on its own.
 */
class FullDiskTest {
    static final String SIZE = "512k";
    static final String FULL = "the message log is full (disk full): message not stored";
    /** More than a 512 KiB file system can hold: the loop ends by the disk filling, long before this. */
    static final int MAX_BATCHES = 2000;

    @TempDir
    Path dir;

    private TinyFileSystem tiny;
    private Path mount;

    @BeforeEach
    void mountATinyFileSystem() throws Exception {
        assumeTrue(TinyFileSystem.canMount(), TinyFileSystem.whyNot(SIZE));
        tiny = TinyFileSystem.mount(dir, SIZE);
        mount = tiny.path();
    }

    @AfterEach
    void unmount() throws Exception {
        if (tiny != null) {
            tiny.close();
        }
    }

    @Test
    void aFullDiskRefusesTheBatchWithAReasonAndKeepsEveryAcknowledgedMessage() throws Exception {
        RecordingEvents events = new RecordingEvents(false);
        HistoryConfig config = HistoryConfig.defaults().withIntervals(HistoryConfig.DEFAULT_RETENTION_CHECK_INTERVAL,
                Duration.ofMillis(50));
        List<LoggedMessage> acknowledged = new ArrayList<>();
        long seq = 0;
        try (SqliteMessageLog log = Logs.open(mount, config, events)) {
            MessageLogException failure = null;
            for (int i = 0; i < MAX_BATCHES && failure == null; i++) {
                List<LoggedMessage> batch = batch(seq + 1, 10);
                seq += 10;
                try {
                    await(log.append(batch));
                    acknowledged.addAll(batch);
                } catch (java.util.concurrent.ExecutionException e) {
                    failure = MessageLogException.of(e);
                }
            }
            assertThat(failure).as("the disk never filled").isNotNull();
            assertThat(failure.reason()).isEqualTo(MessageLogException.Reason.FULL);
            assertThat(failure).hasMessage(FULL);
            assertThat(log.health().state()).isEqualTo(LogHealth.State.FAILING);
            assertThat(log.health().reason()).isEqualTo(FULL);
            assertThat(acknowledged).as("acknowledged before the disk filled").hasSizeGreaterThanOrEqualTo(20);

            // Still full: the next one fails the same way, and reads go on.
            assertThat(failureOf(log.append(batch(seq + 1, 10)))).hasMessage(FULL);
            seq += 10;
            assertThat(readAll(log)).isEqualTo(acknowledged);
        }

        // Reopened on the disk that is still full: every acknowledged message, and nothing else.
        try (SqliteMessageLog reader = SqliteMessageLog.openForReading(SqliteMessageLog.pathIn(mount),
                HistoryConfig.defaults())) {
            assertThat(readAll(reader)).isEqualTo(acknowledged);
        }

        // A server started on it again: still failing until the operator makes room, then working on its own.
        RecordingEvents again = new RecordingEvents(false);
        try (SqliteMessageLog log = Logs.open(mount, config, again)) {
            CompletableFuture<Void> refused = log.append(batch(seq + 1, 10));
            seq += 10;
            assertThat(failureOf(refused)).hasMessage(FULL);
            tiny.resize("16m");
            Await.until("the log notices there is room again", () -> log.health().isOk());
            List<LoggedMessage> more = batch(seq + 1, 10);
            await(log.append(more));
            acknowledged.addAll(more);
            assertThat(readAll(log)).isEqualTo(acknowledged);
        }
        assertThat(again.health).extracting(LogHealth::state).containsExactly(LogHealth.State.FAILING,
                LogHealth.State.OK);
    }

    /** Messages of about 300 bytes that do not compress into each other. */
    private static List<LoggedMessage> batch(long first, int count) {
        List<LoggedMessage> batch = new ArrayList<>();
        for (long seq = first; seq < first + count; seq++) {
            StringBuilder text = new StringBuilder("message ").append(seq);
            java.util.Random random = new java.util.Random(seq);
            while (text.length() < 300) {
                text.append(' ').append(Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
            }
            batch.add(new LoggedMessage("#full", seq, Logs.T0.plusSeconds(seq), "writer", Wire.V2, "m" + seq,
                    text.toString(), false));
        }
        return batch;
    }

    private static List<LoggedMessage> readAll(MessageLog log) throws Exception {
        List<LoggedMessage> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<LoggedMessage> page = await(log.after("#full", after, 500));
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            after = page.get(page.size() - 1).seq();
        }
    }
}
