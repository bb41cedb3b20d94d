package chatlab.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/LIMITS.md, "reads waiting": with every reader busy and the queue full, a read fails at once with the number
 * waiting (the server's default: 2 readers, 256 waiting). Here 1 reader and 1 waiting, the reader held on a latch,
 * so the refusal comes at a known moment.
 */
class ReadPoolTest {
    @TempDir
    Path dir;

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        assertThat(HistoryConfig.defaults().readThreads()).isEqualTo(2);
        assertThat(HistoryConfig.defaults().maxQueuedReads()).isEqualTo(256).isEqualTo(HistoryConfig.DEFAULT_MAX_QUEUED_READS);
    }

    @Test
    void aReadPastTheQueueFailsAtOnceWithTheNumberWaiting() throws Exception {
        Path file = SqliteMessageLog.pathIn(dir);
        Logs.open(dir).close(); // the file and its tables, for the readers' connections
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ReadPool pool = new ReadPool(file, 1, 1)) {
            CompletableFuture<String> first = pool.submit("", connection -> {
                running.countDown();
                try {
                    release.await(Logs.WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "first";
            });
            assertThat(running.await(Logs.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<String> second = pool.submit("", connection -> "second"); // waits in the queue
            CompletableFuture<String> third = pool.submit("", connection -> "third");

            assertThat(third).isCompletedExceptionally();
            ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, third::get);
            assertThat(failure.getCause()).isInstanceOf(MessageLogException.class)
                    .hasMessage("the message log is busy (1 reads are waiting); try again in a moment");
            assertThat(((MessageLogException) failure.getCause()).reason()).isEqualTo(MessageLogException.Reason.BUSY);
            assertThat(HistoryTexts.busy(HistoryConfig.DEFAULT_MAX_QUEUED_READS))
                    .isEqualTo("the message log is busy (256 reads are waiting); try again in a moment");

            release.countDown();
            assertThat(first.get(Logs.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(second.get(Logs.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("second");
        }
    }
}
