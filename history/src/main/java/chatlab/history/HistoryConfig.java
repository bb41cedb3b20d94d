package chatlab.history;

import java.time.Duration;
import java.util.Objects;

/**
 * How the log runs. docs/LIMITS.md (*History*) lists each limit with its server option.
 *
 * @param retention              what each room keeps
 * @param sync                   when a commit reaches the disk
 * @param maxPendingMessages     messages handed over but not yet committed; past it an append fails at once
 *                               ({@link MessageLogException.Reason#BEHIND}): memory stays bounded when the disk
 *                               cannot keep up
 * @param maxGroupMessages       messages committed in one transaction at most (group commit takes every batch
 *                               waiting, up to this)
 * @param maxPageMessages        messages one read returns at most (a larger count asked for is cut to it)
 * @param readThreads            threads (each with its own connection) that serve reads and searches
 * @param maxQueuedReads         reads waiting for a thread; past it a read fails at once
 *                               ({@link MessageLogException.Reason#BUSY})
 * @param retentionCheckInterval how often every room is checked against the age rule (count and bytes are checked
 *                               with every append)
 * @param retryInterval          while the log is failing, how often it tries a small write to learn that it works
 *                               again
 * @param indexChunkMessages     messages added to the search index in one transaction at most; a busy log indexes
 *                               once this many wait (the larger, the less work per message, the longer appends
 *                               queued meanwhile wait)
 * @param indexIdle              how long the writer must have nothing to do before it indexes what waits, however
 *                               little (a search indexes everything first in any case)
 * @param indexAhead             whether the writer keeps the search index up to date as messages come (the
 *                               default); false: nothing is indexed until a search asks, which then indexes
 *                               everything waiting first (a server that answers no searches: {@code
 *                               --history-search off})
 * @param commitWait             how long a busy writer waits after the first batch of a transaction for more to join
 *                               it (busy: its last commit ended less than {@link #BUSY_FACTOR} times this ago); zero
 *                               never waits. A quiet room's message is committed at once
 */
public record HistoryConfig(Retention retention, SyncMode sync, int maxPendingMessages, int maxGroupMessages,
        int maxPageMessages, int readThreads, int maxQueuedReads, Duration retentionCheckInterval,
        Duration retryInterval, int indexChunkMessages, Duration indexIdle, boolean indexAhead,
        Duration commitWait) {
    /** Messages a v2 client is sent when it joins a room (the server's {@code --history-on-join}). */
    public static final int DEFAULT_JOIN_MESSAGES = 50;
    /** About 2 s of a very busy server (10,000 messages a second), at most 80 MB of 4 KB messages. */
    public static final int DEFAULT_MAX_PENDING_MESSAGES = 20_000;
    /** A transaction of 5,000 short messages commits in a few milliseconds. */
    public static final int DEFAULT_MAX_GROUP_MESSAGES = 5_000;
    public static final int DEFAULT_MAX_PAGE_MESSAGES = 1_000;
    /**
     * None: on a quiet machine a 1 ms wait left the deliveries per CPU-second with the log as they were (0.61 against
     * 0.60 of the server without it) and cut a closed loop's throughput from 0.71 to 0.43 of it; on a loaded one it
     * helped (docs/BENCHMARKS.md, *History in the server*). An option for an operator who measures it on their own.
     */
    public static final Duration DEFAULT_COMMIT_WAIT = Duration.ZERO;
    /** A longer wait than this would be felt in every busy room's acknowledgements. */
    public static final Duration MAX_COMMIT_WAIT = Duration.ofMillis(100);
    /** The writer is busy while its last commit ended less than this many commit waits ago. */
    public static final int BUSY_FACTOR = 2;
    public static final int DEFAULT_READ_THREADS = 2;
    public static final int DEFAULT_MAX_QUEUED_READS = 256;
    public static final Duration DEFAULT_RETENTION_CHECK_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(5);
    /** 500 messages: about 10 ms of indexing, a third less work per message than indexing each commit's few. */
    public static final int DEFAULT_INDEX_CHUNK_MESSAGES = 500;
    /** 5 ms: a quiet room's messages are searchable almost at once; a busy log is never idle this long. */
    public static final Duration DEFAULT_INDEX_IDLE = Duration.ofMillis(5);

    public HistoryConfig {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(sync, "sync");
        positive("maxPendingMessages", maxPendingMessages);
        positive("maxGroupMessages", maxGroupMessages);
        positive("maxPageMessages", maxPageMessages);
        positive("readThreads", readThreads);
        positive("maxQueuedReads", maxQueuedReads);
        positive("retentionCheckInterval", retentionCheckInterval);
        positive("retryInterval", retryInterval);
        positive("indexChunkMessages", indexChunkMessages);
        positive("indexIdle", indexIdle);
        if (commitWait == null || commitWait.isNegative() || commitWait.compareTo(MAX_COMMIT_WAIT) > 0) {
            throw new IllegalArgumentException("the log's commit wait must be between 0 and "
                    + MAX_COMMIT_WAIT.toMillis() + " ms, got " + (commitWait == null ? "none"
                    : commitWait.toMillis() + " ms"));
        }
    }

    public static HistoryConfig defaults() {
        return new HistoryConfig(Retention.defaults(), SyncMode.NORMAL, DEFAULT_MAX_PENDING_MESSAGES,
                DEFAULT_MAX_GROUP_MESSAGES, DEFAULT_MAX_PAGE_MESSAGES, DEFAULT_READ_THREADS, DEFAULT_MAX_QUEUED_READS,
                DEFAULT_RETENTION_CHECK_INTERVAL, DEFAULT_RETRY_INTERVAL, DEFAULT_INDEX_CHUNK_MESSAGES,
                DEFAULT_INDEX_IDLE, true, DEFAULT_COMMIT_WAIT);
    }

    public HistoryConfig withRetention(Retention value) {
        return new HistoryConfig(value, sync, maxPendingMessages, maxGroupMessages, maxPageMessages, readThreads,
                maxQueuedReads, retentionCheckInterval, retryInterval, indexChunkMessages, indexIdle, indexAhead,
                commitWait);
    }

    public HistoryConfig withSync(SyncMode value) {
        return new HistoryConfig(retention, value, maxPendingMessages, maxGroupMessages, maxPageMessages, readThreads,
                maxQueuedReads, retentionCheckInterval, retryInterval, indexChunkMessages, indexIdle, indexAhead,
                commitWait);
    }

    public HistoryConfig withQueues(int pendingMessages, int groupMessages, int queuedReads) {
        return new HistoryConfig(retention, sync, pendingMessages, groupMessages, maxPageMessages, readThreads,
                queuedReads, retentionCheckInterval, retryInterval, indexChunkMessages, indexIdle, indexAhead,
                commitWait);
    }

    public HistoryConfig withMaxPageMessages(int value) {
        return new HistoryConfig(retention, sync, maxPendingMessages, maxGroupMessages, value, readThreads,
                maxQueuedReads, retentionCheckInterval, retryInterval, indexChunkMessages, indexIdle, indexAhead,
                commitWait);
    }

    public HistoryConfig withIntervals(Duration retentionCheck, Duration retry) {
        return new HistoryConfig(retention, sync, maxPendingMessages, maxGroupMessages, maxPageMessages, readThreads,
                maxQueuedReads, retentionCheck, retry, indexChunkMessages, indexIdle, indexAhead,
                commitWait);
    }

    public HistoryConfig withIndexing(int chunkMessages, Duration idle) {
        return new HistoryConfig(retention, sync, maxPendingMessages, maxGroupMessages, maxPageMessages, readThreads,
                maxQueuedReads, retentionCheckInterval, retryInterval, chunkMessages, idle, indexAhead,
                commitWait);
    }

    public HistoryConfig withIndexAhead(boolean value) {
        return new HistoryConfig(retention, sync, maxPendingMessages, maxGroupMessages, maxPageMessages, readThreads,
                maxQueuedReads, retentionCheckInterval, retryInterval, indexChunkMessages, indexIdle, value,
                commitWait);
    }

    public HistoryConfig withCommitWait(Duration value) {
        return new HistoryConfig(retention, sync, maxPendingMessages, maxGroupMessages, maxPageMessages, readThreads,
                maxQueuedReads, retentionCheckInterval, retryInterval, indexChunkMessages, indexIdle, indexAhead,
                value);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
