package chatlab.history;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Turns SQLite's errors into the log's reasons and sentences. The result codes are SQLite's primary codes
 * (https://www.sqlite.org/rescode.html); the JDBC driver reports the extended code, whose low byte is the primary.
 */
final class SqliteFailures {
    static final int SQLITE_BUSY = 5;
    static final int SQLITE_LOCKED = 6;
    static final int SQLITE_READONLY = 8;
    static final int SQLITE_IOERR = 10;
    static final int SQLITE_CORRUPT = 11;
    static final int SQLITE_FULL = 13;
    static final int SQLITE_CANTOPEN = 14;
    static final int SQLITE_NOTADB = 26;
    /** An I/O error with less free space than this on the log's file system is a full disk (a WAL or shm growth). */
    static final long NEARLY_FULL_BYTES = 1 << 20;

    private SqliteFailures() {}

    /**
     * @param outcome what the failure means for the caller, appended to the reason ({@code : message not stored}),
     *                or empty
     */
    static MessageLogException of(SQLException e, Path file, String outcome) {
        int code = e.getErrorCode() & 0xff;
        String detail = detail(e);
        MessageLogException.Reason reason;
        String text;
        switch (code) {
            case SQLITE_FULL -> {
                reason = MessageLogException.Reason.FULL;
                text = HistoryTexts.full();
            }
            case SQLITE_IOERR -> {
                boolean full = LogFiles.nearlyFull(file, NEARLY_FULL_BYTES);
                reason = full ? MessageLogException.Reason.FULL : MessageLogException.Reason.IO;
                text = full ? HistoryTexts.full() : HistoryTexts.io(detail);
            }
            case SQLITE_READONLY, SQLITE_CANTOPEN -> {
                reason = MessageLogException.Reason.READ_ONLY;
                text = HistoryTexts.readOnly(detail);
            }
            case SQLITE_BUSY, SQLITE_LOCKED -> {
                reason = MessageLogException.Reason.LOCKED;
                text = HistoryTexts.locked();
            }
            case SQLITE_CORRUPT, SQLITE_NOTADB -> {
                reason = MessageLogException.Reason.DAMAGED;
                text = HistoryTexts.damaged(detail);
            }
            default -> {
                reason = MessageLogException.Reason.FAILED;
                text = HistoryTexts.failed(detail);
            }
        }
        return new MessageLogException(reason, text + outcome, e);
    }

    /** Anything else thrown while the log worked: a bug or the JVM's trouble, reported as it is. */
    static MessageLogException of(RuntimeException e, String outcome) {
        return new MessageLogException(MessageLogException.Reason.FAILED,
                HistoryTexts.failed(String.valueOf(e)) + outcome, e);
    }

    /** The driver's message without its {@code [SQLITE_FULL]} prefix: {@code database or disk is full}. */
    static String detail(SQLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("[")) {
            int end = message.indexOf("] ");
            if (end > 0) {
                message = message.substring(end + 2);
            }
        }
        return message;
    }
}
