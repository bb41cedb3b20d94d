package chatlab.history;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Records what the log reports; can hold the writer inside its first commit's report, so that a test can queue
 * batches while a commit is under way, as a busy room does while the disk syncs.
 */
final class RecordingEvents implements MessageLogEvents {
    /** One committed transaction: its batches and messages. */
    record Commit(int batches, int messages) {}

    final List<Commit> commits = new CopyOnWriteArrayList<>();
    final List<Trimmed> trims = new CopyOnWriteArrayList<>();
    final List<LogHealth> health = new CopyOnWriteArrayList<>();
    final List<MessageLogException> failures = new CopyOnWriteArrayList<>();
    private final CountDownLatch inFirstCommit = new CountDownLatch(1);
    private final CountDownLatch release;

    /** @param holdFirstCommit whether the writer waits in the first commit's report until {@link #release} */
    RecordingEvents(boolean holdFirstCommit) {
        release = new CountDownLatch(holdFirstCommit ? 1 : 0);
    }

    @Override
    public void committed(int batches, int messages, long nanos) {
        commits.add(new Commit(batches, messages));
        inFirstCommit.countDown();
        try {
            if (!release.await(Logs.WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never let the writer go on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void failed(int batches, int messages, MessageLogException failure) {
        failures.add(failure);
    }

    @Override
    public void trimmed(Trimmed trimmed) {
        trims.add(trimmed);
    }

    @Override
    public void healthChanged(LogHealth value) {
        health.add(value);
    }

    /** Waits until the writer is inside its first commit's report (its batch is durable and completed). */
    void awaitFirstCommit() throws InterruptedException {
        if (!inFirstCommit.await(Logs.WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the writer never committed");
        }
    }

    void release() {
        release.countDown();
    }
}
