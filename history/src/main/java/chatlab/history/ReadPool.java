package chatlab.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that serve reads and searches, each with its own read-only connection (WAL lets them read while the
 * writer commits; each read sees the last commit). Reads wait in a bounded queue: past it a read fails at once
 * ({@link MessageLogException.Reason#BUSY}) rather than piling up.
 */
final class ReadPool implements AutoCloseable {
    /** One read on a reader's connection. */
    interface Read<T> {
        T run(Connection connection) throws SQLException;
    }

    /** How long close waits for reads under way. */
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final Path file;
    private final ThreadPoolExecutor executor;
    private final ThreadLocal<Connection> connection = new ThreadLocal<>();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();

    ReadPool(Path file, int threads, int maxQueued) {
        this.file = file;
        AtomicInteger number = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(maxQueued), task -> {
                    Thread thread = new Thread(task, "message-log-reader-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Runs a read on a reader thread.
     *
     * @param outcome what a failure means for the caller, appended to its sentence
     */
    <T> CompletableFuture<T> submit(String outcome, Read<T> read) {
        CompletableFuture<T> done = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    done.complete(read.run(connection()));
                } catch (SQLException e) {
                    done.completeExceptionally(SqliteFailures.of(e, file, outcome));
                } catch (RuntimeException e) {
                    done.completeExceptionally(SqliteFailures.of(e, outcome));
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(executor.isShutdown()
                    ? new MessageLogException(MessageLogException.Reason.CLOSED, HistoryTexts.closed() + outcome)
                    : new MessageLogException(MessageLogException.Reason.BUSY, HistoryTexts.busy(executor.getQueue().size())));
        }
        return done;
    }

    private Connection connection() throws SQLException {
        Connection c = connection.get();
        if (c != null && c.isClosed()) {
            connections.remove(c); // given up after a failure (SearchCheck): a new one
            c = null;
        }
        if (c == null) {
            c = LogSchema.reader(file);
            connection.set(c);
            connections.add(c);
        }
        return c;
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.forEach(LogSchema::close);
    }
}
