package chatlab.server;

import chatlab.history.HistoryConfig;
import chatlab.history.SqliteMessageLog;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Whether and how the server keeps its rooms' messages in the message log (docs/HISTORY.md; the limits with their
 * options: docs/LIMITS.md, *History*).
 *
 * @param enabled         off: no log is opened, nothing is stored, no history is sent, requests answer
 *                        {@code history_off}, and replay after a reconnect comes from this run's memory alone
 * @param dataDirectory   the folder of {@code messages.db} (beside the user store)
 * @param log             the log's own limits: retention, sync, queues
 * @param onJoinMessages  messages a v2 client with the feature "history" is sent when it joins a room, marked as
 *                        history (0: none)
 * @param labMessages     messages a lab client is sent as ordinary relays when it joins (0: none, the default: the
 *                        lab's client would show them as new chat)
 * @param search          whether {@code search} requests are answered (off: the search index is still kept by the
 *                        log; the answer is {@code history_off})
 */
public record HistorySettings(boolean enabled, Path dataDirectory, HistoryConfig log, int onJoinMessages,
        int labMessages, boolean search) {
    /** The server keeps history unless told otherwise: what every chat system users compare it with does. */
    public static final boolean DEFAULT_ENABLED = true;
    public static final int DEFAULT_ON_JOIN_MESSAGES = HistoryConfig.DEFAULT_JOIN_MESSAGES;
    public static final int DEFAULT_LAB_MESSAGES = 0;
    /** Searches are answered (the log keeps its search index either way). */
    public static final boolean DEFAULT_SEARCH = true;
    /** A history request or a search without a count gets this many messages. */
    public static final int DEFAULT_PAGE_MESSAGES = 50;
    /** The most one request gets: the log's page ({@link HistoryConfig#DEFAULT_MAX_PAGE_MESSAGES}). */
    public static final int MAX_PAGE_MESSAGES = HistoryConfig.DEFAULT_MAX_PAGE_MESSAGES;
    /** The longest search text, in characters: 8 words of a sensible length; longer is refused, not cut. */
    public static final int MAX_SEARCH_CHARS = 200;
    /** History sent on joining at most: a join is not a way round the page limit. */
    public static final int MAX_JOIN_MESSAGES = MAX_PAGE_MESSAGES;

    public HistorySettings {
        Objects.requireNonNull(log, "log");
        if (enabled) {
            Objects.requireNonNull(dataDirectory, "dataDirectory");
        }
        if (onJoinMessages < 0 || onJoinMessages > MAX_JOIN_MESSAGES) {
            throw new IllegalArgumentException("the history sent on joining must be between 0 and "
                    + MAX_JOIN_MESSAGES + " messages, got " + onJoinMessages);
        }
        if (labMessages < 0 || labMessages > MAX_JOIN_MESSAGES) {
            throw new IllegalArgumentException("the lab clients' history must be between 0 and "
                    + MAX_JOIN_MESSAGES + " messages, got " + labMessages);
        }
    }

    /** No log: what a server built in code (a test, the bench's embedded server) runs unless it asks for one. */
    public static HistorySettings off() {
        return new HistorySettings(false, null, HistoryConfig.defaults(), DEFAULT_ON_JOIN_MESSAGES,
                DEFAULT_LAB_MESSAGES, DEFAULT_SEARCH);
    }

    /** A log in {@code dataDirectory}, every limit at its default. */
    public static HistorySettings in(Path dataDirectory) {
        return new HistorySettings(true, dataDirectory, HistoryConfig.defaults(), DEFAULT_ON_JOIN_MESSAGES,
                DEFAULT_LAB_MESSAGES, DEFAULT_SEARCH);
    }

    /** The log's file. */
    public Path file() {
        return SqliteMessageLog.pathIn(dataDirectory);
    }

    /**
     * The log's limits as the server opens it: one read holds a full page and the one message more that tells the
     * client whether there are more (a read cut at the page itself said "no more" under every page of 1,000).
     */
    HistoryConfig logWithLookAhead() {
        return log.maxPageMessages() > MAX_PAGE_MESSAGES ? log : log.withMaxPageMessages(MAX_PAGE_MESSAGES + 1);
    }

    public HistorySettings withLog(HistoryConfig value) {
        return new HistorySettings(enabled, dataDirectory, value, onJoinMessages, labMessages, search);
    }

    public HistorySettings withOnJoinMessages(int value) {
        return new HistorySettings(enabled, dataDirectory, log, value, labMessages, search);
    }

    public HistorySettings withLabMessages(int value) {
        return new HistorySettings(enabled, dataDirectory, log, onJoinMessages, value, search);
    }

    public HistorySettings withSearch(boolean value) {
        return new HistorySettings(enabled, dataDirectory, log, onJoinMessages, labMessages, value);
    }
}
