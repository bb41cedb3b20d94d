package chatlab.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The embedded message log: one SQLite file ({@value #FILE_NAME}, beside the user store), in WAL mode, written by one
 * thread with group commit ({@link LogWriter}) and read by a few others ({@link ReadPool}). docs/HISTORY.md describes
 * the file, its durability and its search.
 */
public final class SqliteMessageLog implements MessageLog {
    public static final String FILE_NAME = LogFiles.FILE_NAME;
    private static final String NOT_READ = ": history not read";
    private static final String NOT_SEARCHED = ": nothing searched";

    private final Path path;
    private final String epoch;
    private final HistoryConfig config;
    private final LogWriter writer; // null when opened for reading only
    private final Checkpointer checkpointer; // null when opened for reading only
    private final ReadPool readers;

    private SqliteMessageLog(Path path, String epoch, HistoryConfig config, LogWriter writer,
            Checkpointer checkpointer) {
        this.path = path;
        this.epoch = epoch;
        this.checkpointer = checkpointer;
        this.config = config;
        this.writer = writer;
        this.readers = new ReadPool(path, config.readThreads(), config.maxQueuedReads());
    }

    /** The default data folder: {@code $XDG_DATA_HOME/chatlab}, else {@code ~/.local/share/chatlab}. */
    public static Path defaultDirectory() {
        return LogFiles.defaultDirectory();
    }

    /** The log's file in a data folder. */
    public static Path pathIn(Path dataDirectory) {
        return dataDirectory.resolve(FILE_NAME);
    }

    /**
     * Opens the log for a server, creating the file (0600, in a 0700 folder) and its tables when missing.
     *
     * @param clock for the age rule and the health's times (the messages carry the room's own times)
     */
    public static SqliteMessageLog open(Path path, HistoryConfig config, MessageLogEvents events, Clock clock)
            throws MessageLogException {
        LogFiles.create(path);
        WriteStatements statements = null;
        String epoch;
        try {
            Connection connection = LogSchema.writer(path, config.sync());
            try {
                LogSchema.prepare(connection, path, true);
                epoch = LogSchema.epoch(connection, true);
                statements = new WriteStatements(connection);
            } finally {
                if (statements == null) {
                    LogSchema.close(connection);
                }
            }
            LogWriter writer = new LogWriter(path, config, events, clock, statements);
            try {
                return new SqliteMessageLog(path, epoch, config, writer, Checkpointer.start(path, config.sync()));
            } catch (SQLException e) {
                writer.close();
                throw opening(path, e);
            }
        } catch (SQLException e) {
            if (statements != null) {
                statements.close();
            }
            throw opening(path, e);
        } catch (RuntimeException e) {
            // A file whose rows cannot be read (converting a damaged older file): said as the log's other failures.
            if (statements != null) {
                statements.close();
            }
            MessageLogException failure = SqliteFailures.of(e, "");
            throw new MessageLogException(failure.reason(), HistoryTexts.cannotOpen(path, failure.getMessage()), e);
        }
    }

    /**
     * Opens an existing log to read it (export, listing) while a server may be writing it: nothing is written,
     * nothing trimmed; appends fail ({@link MessageLogException.Reason#CLOSED}).
     */
    public static SqliteMessageLog openForReading(Path path, HistoryConfig config) throws MessageLogException {
        if (!Files.isRegularFile(path)) {
            throw new MessageLogException(MessageLogException.Reason.CLOSED, HistoryTexts.noLog(path));
        }
        String epoch;
        try {
            Connection connection = LogSchema.reader(path);
            try {
                LogSchema.prepare(connection, path, false);
                epoch = LogSchema.epoch(connection, false);
            } finally {
                LogSchema.close(connection);
            }
        } catch (SQLException e) {
            throw opening(path, e);
        }
        return new SqliteMessageLog(path, epoch, config, null, null);
    }

    private static MessageLogException opening(Path path, SQLException e) {
        MessageLogException failure = SqliteFailures.of(e, path, "");
        return new MessageLogException(failure.reason(), HistoryTexts.cannotOpen(path, failure.getMessage()), e);
    }

    public Path path() {
        return path;
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public CompletableFuture<Void> append(List<LoggedMessage> batch) {
        return writer != null ? writer.append(batch) : readOnly(HistoryTexts.NOT_STORED);
    }

    @Override
    public CompletableFuture<List<LoggedMessage>> before(String room, long beforeSeq, int count) {
        int page = page(count);
        return readers.submit(NOT_READ, c -> LogReads.before(c, room, beforeSeq, page));
    }

    @Override
    public CompletableFuture<List<LoggedMessage>> after(String room, long afterSeq, int max) {
        int page = page(max);
        return readers.submit(NOT_READ, c -> LogReads.after(c, room, afterSeq, page));
    }

    /**
     * Indexes what waits first (messages are indexed after they commit, in chunks), so a search finds every message
     * acknowledged before it; when indexing fails (a full disk) it searches what is indexed.
     */
    @Override
    public CompletableFuture<List<LoggedMessage>> search(String room, SearchQuery query, long beforeSeq, int count) {
        int page = page(count);
        CompletableFuture<Void> indexed = writer != null ? writer.indexAll() : CompletableFuture.completedFuture(null);
        return indexed.handle((done, failure) -> null)
                .thenCompose(ignored -> readers.submit(NOT_SEARCHED, c -> LogReads.search(c, room, query, beforeSeq, page)));
    }

    @Override
    public CompletableFuture<Optional<RoomInfo>> room(String name) {
        return readers.submit(NOT_READ, c -> LogReads.room(c, name));
    }

    @Override
    public CompletableFuture<List<RoomInfo>> rooms() {
        return readers.submit(NOT_READ, LogReads::rooms);
    }

    @Override
    public CompletableFuture<Void> setTopic(String room, String topic) {
        return writer != null ? writer.setTopic(room, topic) : readOnly(": topic not stored");
    }

    @Override
    public CompletableFuture<List<Trimmed>> trim() {
        return writer != null ? writer.trim() : readOnly(": nothing trimmed");
    }

    @Override
    public LogHealth health() {
        return writer != null ? writer.health() : LogHealth.failing(HistoryTexts.readOnlyLog(), Instant.EPOCH);
    }

    @Override
    public int pendingMessages() {
        return writer != null ? writer.pendingMessages() : 0;
    }

    @Override
    public void close() {
        if (checkpointer != null) {
            checkpointer.close();
        }
        if (writer != null) {
            writer.close();
        }
        readers.close();
    }

    /** A count cut to the page limit (and at least 0). */
    private int page(int count) {
        return Math.max(0, Math.min(count, config.maxPageMessages()));
    }

    private static <T> CompletableFuture<T> readOnly(String outcome) {
        return CompletableFuture.failedFuture(
                new MessageLogException(MessageLogException.Reason.CLOSED, HistoryTexts.readOnlyLog() + outcome));
    }
}
