package chatlab.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When the writer waits for more batches before it commits: only while busy (its last commit ended less than two
 * waits ago), never for a quiet room's message, never with a wait of zero. What the wait buys is measured by {@code
 * chatlab bench fanout --compare-history} (docs/BENCHMARKS.md), not timed here.
 */
class CommitWaitTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aBusyWriterWaitsAndAQuietOneDoesNot() {
        long lastCommitEnd = 1_000 * MS;
        assertThat(LogWriter.waitsForMore(lastCommitEnd + MS / 2, lastCommitEnd, MS)).as("right after a commit")
                .isTrue();
        assertThat(LogWriter.waitsForMore(lastCommitEnd + 2 * MS - 1, lastCommitEnd, MS)).as("within two waits")
                .isTrue();
        assertThat(LogWriter.waitsForMore(lastCommitEnd + 2 * MS, lastCommitEnd, MS)).as("two waits after").isFalse();
        assertThat(LogWriter.waitsForMore(lastCommitEnd + 20 * MS, lastCommitEnd, MS))
                .as("a single sender at 50 a second").isFalse();
        assertThat(LogWriter.waitsForMore(lastCommitEnd + MS / 2, lastCommitEnd, 0)).as("no wait configured")
                .isFalse();
    }

    @Test
    void theWaitIsBoundedAndNeverNegative() {
        HistoryConfig config = HistoryConfig.defaults();
        assertThat(config.commitWait()).isEqualTo(HistoryConfig.DEFAULT_COMMIT_WAIT);
        assertThat(config.withCommitWait(Duration.ZERO).commitWait()).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> config.withCommitWait(Duration.ofMillis(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> config.withCommitWait(Duration.ofMillis(101)))
                .withMessage("the log's commit wait must be between 0 and 100 ms, got 101 ms");
    }
}
