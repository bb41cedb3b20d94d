package chatlab.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Copies the write-ahead log into the database file (a WAL checkpoint) on a thread and connection of its own, every
 * {@link #INTERVAL_MILLIS}. SQLite would otherwise checkpoint inside the commit that passes 1,000 pages, and that
 * commit's appenders (and every batch queued behind it) would wait for the copy and the database file's sync: tens of
 * milliseconds on a busy disk, paid by an acknowledgement. A PASSIVE checkpoint never blocks the writer nor the
 * readers; what it cannot copy yet (pages a reader still sees) the next one copies. A failure (a full disk) is left to
 * the next try: the commits are durable in the WAL meanwhile.
 */
final class Checkpointer implements AutoCloseable {
    /** 200 ms: at 20,000 messages a second about 4 MB of WAL, as SQLite's own 1,000 pages. */
    static final long INTERVAL_MILLIS = 200;

    private final Connection connection;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread t = new Thread(task, "message-log-checkpoint");
        t.setDaemon(true);
        return t;
    });

    private Checkpointer(Connection connection) {
        this.connection = connection;
    }

    static Checkpointer start(Path file, SyncMode sync) throws SQLException {
        Checkpointer checkpointer = new Checkpointer(LogSchema.checkpointer(file, sync));
        checkpointer.thread.scheduleWithFixedDelay(checkpointer::checkpoint, INTERVAL_MILLIS, INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
        return checkpointer;
    }

    private void checkpoint() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            // A full or failing disk: the writer reports it; the WAL keeps every commit until the next try.
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LogSchema.close(connection);
    }
}
