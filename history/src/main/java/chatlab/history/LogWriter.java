package chatlab.history;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The one thread that writes, with group commit: it takes every operation waiting (up to {@link
 * HistoryConfig#maxGroupMessages}), does them in one transaction, commits (with the sync of the {@link SyncMode}),
 * and only then completes their futures. While it commits, new batches queue up and go together into the next
 * transaction, so the number of syncs follows the disk's speed, not the number of batches, and nothing waits for a
 * timer. A failed transaction is rolled back whole and fails every operation in it; nothing of it is stored.
 *
 * <p>The same thread checks the age rule every {@link HistoryConfig#retentionCheckInterval} (and the constructor
 * once, before the thread starts), and while the log is failing tries a small write every {@link
 * HistoryConfig#retryInterval}.
 */
final class LogWriter {
    sealed interface Op permits Append, Topic, TrimAll, IndexAll, Stop {}

    record Append(List<LoggedMessage> batch, CompletableFuture<Void> done) implements Op {}

    record Topic(String room, String topic, CompletableFuture<Void> done) implements Op {}

    record TrimAll(CompletableFuture<List<Trimmed>> done) implements Op {}

    /** Indexes every message committed before it (a search is about to run); completes even when that fails. */
    record IndexAll(CompletableFuture<Void> done) implements Op {}

    record Stop() implements Op {}

    private static final Stop STOP = new Stop();
    private static final String TOPIC_NOT_STORED = ": topic not stored";
    private static final String NOT_TRIMMED = ": nothing trimmed";
    /** How far behind (in index chunks) the search index may fall before it is kept up even with appends waiting. */
    static final int BEHIND_CHUNKS = 4;
    /** The probe's size: one page of the WAL, as a message would need. */
    private static final int PROBE_BYTES = 4096;
    /**
     * Free space the log's file system must have before a probe may call the log healthy again: a full disk often
     * still takes a page (the probe) while a batch fails, and a log that said "OK" then would fail the next message.
     */
    static final long RECOVERY_FREE_BYTES = 4L << 20;

    private final Path file;
    private final HistoryConfig config;
    private final MessageLogEvents events;
    private final Clock clock;
    private final Trimmer trimmer;
    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Thread thread;
    /** When the last commit ended (System.nanoTime); touched by the writer thread only. */
    private long lastCommitEnd = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    private boolean closed; // guarded by this
    private volatile LogHealth health;

    // Touched by the writer thread only (and by the constructor before it starts).
    private WriteStatements statements;
    private final Map<String, RoomState> rooms = new HashMap<>();
    private long nextId;
    /** The highest chunk id in the search index ({@code meta.indexed_through}). */
    private long indexedThrough;
    /**
     * Messages committed since the index last caught up (those of chunks trimmed meanwhile included: the count only
     * decides when to index, and is exact again whenever the index has caught up).
     */
    private long unindexedMessages;
    /** After a failed index transaction, no other is tried before this time (System.nanoTime). */
    private long nextIndexAttempt;

    LogWriter(Path file, HistoryConfig config, MessageLogEvents events, Clock clock, WriteStatements statements)
            throws SQLException {
        this.file = file;
        this.config = config;
        this.events = events;
        this.clock = clock;
        this.trimmer = new Trimmer(config.retention());
        this.statements = statements;
        this.health = LogHealth.ok(clock.instant());
        load();
        // The age rule once before anything else (the server may have been down for long), on this thread, so the
        // log opens trimmed.
        commit(List.of(new TrimAll(new CompletableFuture<>())));
        thread = new Thread(this::run, "message-log-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void load() throws SQLException {
        rooms.clear();
        try (PreparedStatement select = statements.connection.prepareStatement(
                "SELECT r.id, r.name, MAX(r.last_seq, COALESCE((SELECT last_seq FROM chunks WHERE room = r.id"
                        + " ORDER BY first_seq DESC LIMIT 1), 0)),"
                        + " (SELECT COALESCE(SUM(messages), 0) FROM chunks WHERE room = r.id),"
                        + " (SELECT COALESCE(SUM(bytes), 0) FROM chunks WHERE room = r.id) FROM rooms r");
                ResultSet row = select.executeQuery()) {
            while (row.next()) {
                RoomState room = new RoomState(row.getLong(1), row.getString(2), row.getLong(3), row.getLong(4),
                        row.getLong(5));
                rooms.put(room.name(), room);
            }
        }
        try (PreparedStatement select = statements.connection.prepareStatement(
                "SELECT value FROM meta WHERE key = '" + LogSchema.INDEXED_THROUGH + "'");
                ResultSet row = select.executeQuery()) {
            indexedThrough = row.next() ? row.getLong(1) : 0;
        }
        // Ids rise in the order of commit. One is given again only above the index's mark (a chunk trimmed before it
        // was indexed), where the index holds nothing of the one that had it.
        try (PreparedStatement select = statements.connection.prepareStatement(
                "SELECT COALESCE(MAX(id), 0), (SELECT COALESCE(SUM(messages), 0) FROM chunks WHERE id > ?) FROM chunks")) {
            select.setLong(1, indexedThrough);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                nextId = Math.max(row.getLong(1), indexedThrough) + 1;
                unindexedMessages = row.getLong(2);
            }
        }
    }

    CompletableFuture<Void> append(List<LoggedMessage> batch) {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        int size = batch.size();
        int waiting = pending.addAndGet(size);
        if (waiting > config.maxPendingMessages()) {
            pending.addAndGet(-size);
            return CompletableFuture.failedFuture(new MessageLogException(MessageLogException.Reason.BEHIND,
                    HistoryTexts.behind(waiting - size)));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        offer(new Append(List.copyOf(batch), done)); // when closed, fails it (and counts it out) at once
        return done;
    }

    CompletableFuture<Void> setTopic(String room, String topic) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        offer(new Topic(room, topic, done));
        return done;
    }

    CompletableFuture<List<Trimmed>> trim() {
        CompletableFuture<List<Trimmed>> done = new CompletableFuture<>();
        offer(new TrimAll(done));
        return done;
    }

    /** Completes once every message committed before the call is in the search index (or indexing failed). */
    CompletableFuture<Void> indexAll() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        offer(new IndexAll(done));
        return done;
    }

    LogHealth health() {
        return health;
    }

    int pendingMessages() {
        return pending.get();
    }

    /** Queues an operation, or fails it at once when the log is closed. */
    private void offer(Op op) {
        synchronized (this) {
            if (!closed) {
                queue.add(op);
                return;
            }
        }
        fail(op, new MessageLogException(MessageLogException.Reason.CLOSED, HistoryTexts.closed() + outcome(op)));
    }

    /** Commits everything queued before it, then stops the thread and closes the connection. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Takes operations as they come and commits them in groups. In between: the age rule when its time has come;
     * the search index, every full chunk after a commit, and whatever waits once the writer has been idle for
     * {@link HistoryConfig#indexIdle}; while failing, a probe now and then.
     */
    private void run() {
        long nextAgeCheck = System.nanoTime() + config.retentionCheckInterval().toNanos();
        long nextProbe = System.nanoTime();
        try {
            while (true) {
                long now = System.nanoTime();
                long wait = nextAgeCheck - now;
                if (!health.isOk()) {
                    wait = Math.min(wait, nextProbe - now);
                }
                boolean indexWaits = config.indexAhead() && unindexed() > 0;
                if (indexWaits) {
                    wait = Math.min(wait, Math.max(config.indexIdle().toNanos(), nextIndexAttempt - now));
                }
                Op first = queue.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
                if (first == STOP) {
                    break;
                }
                now = System.nanoTime();
                List<Op> group = new ArrayList<>();
                if (first != null) {
                    waitForMore(first, now);
                    gather(first, group);
                }
                if (now - nextAgeCheck >= 0) {
                    group.add(new TrimAll(new CompletableFuture<>()));
                    nextAgeCheck = now + config.retentionCheckInterval().toNanos();
                }
                if (!group.isEmpty()) {
                    commit(group);
                    lastCommitEnd = System.nanoTime();
                    // Every full chunk, so the index keeps up with any rate (what a commit adds, it indexes).
                    boolean indexed = true;
                    // Appends already waiting go first (an index transaction holds them up), unless the index is
                    // BEHIND_CHUNKS chunks behind: then one transaction per commit, so under a load that never
                    // pauses it still catches up, and a large backlog (a converted file) never holds appends for
                    // longer than one transaction.
                    int transactions = 0;
                    while (indexed && config.indexAhead() && unindexedMessages >= config.indexChunkMessages()
                            && (nothingQueued() || (transactions == 0
                                    && unindexedMessages >= BEHIND_CHUNKS * config.indexChunkMessages()))) {
                        transactions++;
                        indexed = indexChunk();
                    }
                } else if (indexWaits) {
                    indexChunk(); // idle: whatever waits, however little
                }
                if (first == null && !health.isOk() && now - nextProbe >= 0) {
                    probe();
                    nextProbe = now + config.retryInterval().toNanos();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            List<Op> left = new ArrayList<>();
            queue.drainTo(left);
            for (Op op : left) {
                fail(op, new MessageLogException(MessageLogException.Reason.CLOSED, HistoryTexts.closed() + outcome(op)));
            }
            if (statements != null) {
                statements.close();
            }
        }
    }

    /**
     * Group commit takes what waits when the writer gets to it; in a busy room that is one turn's messages, and a
     * commit's cost (its transaction, its pages of the WAL, the wake-ups of this thread and of the room's loop) is
     * paid for a handful. So when the last commit ended less than {@link HistoryConfig#BUSY_FACTOR} commit waits
     * ago, an append waits {@link HistoryConfig#commitWait} for the next turns' messages to join it. A quiet room's
     * message (a single sender at 50 a second) is committed at once.
     */
    private void waitForMore(Op first, long now) {
        long wait = config.commitWait().toNanos();
        if (first instanceof Append && waitsForMore(now, lastCommitEnd, wait) && queue.peek() != STOP) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Nothing waits to be committed (the stop mark aside: what is committed before it is indexed before it). */
    private boolean nothingQueued() {
        Op next = queue.peek();
        return next == null || next == STOP;
    }

    /** Whether an append that came at {@code now} waits {@code waitNanos} for more (all on System.nanoTime). */
    static boolean waitsForMore(long now, long lastCommitEnd, long waitNanos) {
        return waitNanos > 0 && now - lastCommitEnd < HistoryConfig.BUSY_FACTOR * waitNanos;
    }

    /** Chunks committed but not in the search index yet (some may have been trimmed meanwhile). */
    private long unindexed() {
        return nextId - 1 - indexedThrough;
    }

    /**
     * Adds committed chunks to the search index, about {@link HistoryConfig#indexChunkMessages} messages' worth (the
     * first chunk that reaches it ends the transaction), in a transaction of its own without a sync of its own (a crash that takes it takes {@code indexed_through} with it, and the
     * chunk is indexed again; the next append's sync covers it anyway, the WAL being written in order). Indexing a chunk costs a third less per message than
     * indexing each commit's few with it, and keeps that work out of the appends' commits, so acknowledgements wait
     * only for their messages. Returns whether it indexed.
     */
    private boolean indexChunk() {
        if (System.nanoTime() - nextIndexAttempt < 0 || unindexed() <= 0) {
            return false;
        }
        try {
            reopenIfNeeded();
            long through = statements.indexedThroughFor(indexedThrough, config.indexChunkMessages());
            if (through == indexedThrough) {
                through = nextId - 1; // every chunk after the mark was trimmed before it was indexed: nothing to add
            }
            statements.execute("PRAGMA synchronous=NORMAL");
            long messages;
            try {
                statements.execute("BEGIN IMMEDIATE");
                try {
                    messages = statements.messagesIn(indexedThrough, through);
                    statements.index(indexedThrough, through);
                    statements.execute("COMMIT");
                } catch (SQLException | RuntimeException e) {
                    rollback();
                    throw e;
                }
            } finally {
                if (statements != null) {
                    statements.execute("PRAGMA synchronous=" + config.sync().name());
                }
            }
            indexedThrough = through;
            unindexedMessages = through == nextId - 1 ? 0 : Math.max(0, unindexedMessages - messages);
            return true;
        } catch (SQLException | RuntimeException e) {
            // Messages are stored; only their search waits. Tried again later (a full disk fails appends too).
            nextIndexAttempt = System.nanoTime() + config.retryInterval().toNanos();
            return false;
        }
    }

    /** When the group holds searches waiting for the index: indexes everything, then lets them go. */
    private void indexFor(List<Op> group) {
        if (group.stream().anyMatch(op -> op instanceof IndexAll)) {
            indexEverything();
            for (Op op : group) {
                if (op instanceof IndexAll index) {
                    index.done().complete(null);
                }
            }
        }
    }

    /** Indexes everything committed so far, chunk by chunk (a search waits for it). */
    private void indexEverything() {
        long target = nextId - 1;
        nextIndexAttempt = 0;
        boolean indexed = true;
        while (indexed && indexedThrough < target) {
            indexed = indexChunk();
        }
    }

    /** The first operation and whatever else waits, up to the group's size; the stop mark stays queued. */
    private void gather(Op first, List<Op> group) {
        group.add(first);
        int messages = messagesIn(first);
        while (messages < config.maxGroupMessages()) {
            Op next = queue.peek();
            if (next == null || next == STOP) {
                break;
            }
            queue.poll();
            group.add(next);
            messages += messagesIn(next);
        }
    }

    private void commit(List<Op> group) {
        if (group.stream().allMatch(op -> op instanceof IndexAll)) {
            indexFor(group); // a search waits: no transaction of its own to open
            return;
        }
        long start = System.nanoTime();
        Map<Append, MessageLogException> rejected = new IdentityHashMap<>();
        Staging staging = null;
        List<Trimmed> trims = new ArrayList<>();
        int batches = 0;
        int messages = 0;
        try {
            reopenIfNeeded();
            staging = new Staging(rooms, nextId, statements);
            statements.execute("BEGIN IMMEDIATE");
            try {
                boolean trimAll = false;
                for (Op op : group) {
                    if (op instanceof Append append) {
                        String problem = staging.problemWith(append.batch());
                        if (problem != null) {
                            rejected.put(append, new MessageLogException(MessageLogException.Reason.INVALID,
                                    problem + HistoryTexts.NOT_STORED));
                            continue;
                        }
                        for (LoggedMessage message : append.batch()) {
                            RoomState room = staging.room(message.room());
                            staging.put(room.appended(message.seq(), message.sizeBytes()));
                            staging.added(message);
                        }
                        batches++;
                        messages += append.batch().size();
                    } else if (op instanceof Topic topic) {
                        statements.setTopic(staging.room(topic.room()).id(), topic.topic());
                    } else if (op instanceof TrimAll) {
                        trimAll = true;
                    }
                }
                for (Map.Entry<String, List<LoggedMessage>> added : staging.addedByRoom().entrySet()) {
                    long roomId = staging.get(added.getKey()).id();
                    for (ChunkBuilder.Chunk chunk : ChunkBuilder.chunks(added.getValue())) {
                        statements.addChunk(staging.nextId++, roomId, chunk);
                    }
                }
                statements.flush();
                long ageCutoff = trimAll
                        ? LogReads.nanos(clock.instant().minus(config.retention().maxAge())) : Trimmer.NO_AGE;
                for (RoomState room : trimAll ? staging.allRooms() : staging.changed()) {
                    if (trimAll || trimmer.dueAfterAppend(room)) {
                        Trimmer.Result result = trimmer.trim(statements.connection, room, ageCutoff);
                        if (result != null) {
                            statements.keepLastSeq(result.room()); // its chunk may be gone now
                            staging.put(result.room());
                            trims.add(result.trimmed());
                        }
                    }
                }
                statements.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollback();
                throw e;
            }
        } catch (SQLException e) {
            failed(group, rejected, batches, messages, outcome -> SqliteFailures.of(e, file, outcome));
            return;
        } catch (RuntimeException e) {
            failed(group, rejected, batches, messages, outcome -> SqliteFailures.of(e, outcome));
            return;
        }
        rooms.putAll(staging.changedMap());
        nextId = staging.nextId;
        unindexedMessages += messages;
        long nanos = System.nanoTime() - start;
        boolean recovered = !health.isOk();
        if (recovered) {
            health = LogHealth.ok(clock.instant()); // before the futures: their callers find the log working
        }
        for (Op op : group) {
            MessageLogException refusal = op instanceof Append a ? rejected.get(a) : null;
            if (refusal != null) {
                fail(op, refusal);
            } else if (op instanceof Append append) {
                pending.addAndGet(-append.batch().size());
                append.done().complete(null);
            } else if (op instanceof Topic topic) {
                topic.done().complete(null);
            } else if (op instanceof TrimAll trim) {
                trim.done().complete(List.copyOf(trims));
            }
        }
        indexFor(group);
        if (batches > 0) {
            events.committed(batches, messages, nanos);
        }
        trims.forEach(events::trimmed);
        if (recovered) {
            events.healthChanged(health);
        }
    }

    /**
     * Fails every operation of a rolled-back group (those refused before it with their own reason), tells the
     * listener, and marks the log as failing with the sentence an appender got.
     *
     * @param failure the exception for an operation, by the outcome its sentence ends with
     */
    private void failed(List<Op> group, Map<Append, MessageLogException> rejected, int batches, int messages,
            Function<String, MessageLogException> failure) {
        // The health first: whoever learns of the failure from a future must find the log failing already.
        MessageLogException reported = failure.apply(HistoryTexts.NOT_STORED);
        boolean changed = health.isOk() || !reported.getMessage().equals(health.reason());
        if (changed) {
            health = LogHealth.failing(reported.getMessage(), clock.instant());
        }
        for (Op op : group) {
            MessageLogException refusal = op instanceof Append append ? rejected.get(append) : null;
            fail(op, refusal != null ? refusal : failure.apply(outcome(op)));
        }
        events.failed(batches, messages, reported);
        if (changed) {
            events.healthChanged(health);
        }
    }

    private void fail(Op op, MessageLogException e) {
        if (op instanceof Append append) {
            pending.addAndGet(-append.batch().size());
            append.done().completeExceptionally(e);
        } else if (op instanceof Topic topic) {
            topic.done().completeExceptionally(e);
        } else if (op instanceof TrimAll trim) {
            trim.done().completeExceptionally(e);
        } else if (op instanceof IndexAll index) {
            index.done().completeExceptionally(e);
        }
    }

    private void healthChanged(LogHealth value) {
        health = value;
        events.healthChanged(value);
    }

    /**
     * While failing: when the file system has room ({@link #RECOVERY_FREE_BYTES}) and a small write commits, the log
     * works again. (A batch that commits says so too, at once.)
     */
    private void probe() {
        if (LogFiles.nearlyFull(file, RECOVERY_FREE_BYTES)) {
            return;
        }
        try {
            reopenIfNeeded();
            statements.execute("BEGIN IMMEDIATE");
            try {
                statements.probe(PROBE_BYTES);
                statements.execute("COMMIT");
            } catch (SQLException e) {
                rollback();
                throw e;
            }
            healthChanged(LogHealth.ok(clock.instant()));
        } catch (SQLException e) {
            // Still failing: the next batch or probe tries again.
        }
    }

    /**
     * Rolls back after a failure. SQLite has often rolled back already (a full disk, an I/O error); a connection
     * that cannot even roll back is given up and opened again before the next write.
     */
    private void rollback() {
        statements.discard();
        try {
            statements.execute("ROLLBACK");
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
                statements.close();
                statements = null;
            }
        }
    }

    private void reopenIfNeeded() throws SQLException {
        if (statements == null) {
            statements = new WriteStatements(LogSchema.writer(file, config.sync()));
            load();
        }
    }

    private static int messagesIn(Op op) {
        return op instanceof Append append ? append.batch().size() : 0;
    }

    private static String outcome(Op op) {
        if (op instanceof Append) {
            return HistoryTexts.NOT_STORED;
        }
        if (op instanceof Topic) {
            return TOPIC_NOT_STORED;
        }
        return op instanceof TrimAll ? NOT_TRIMMED : "";
    }
}
