package chatlab.cli;

import chatlab.history.HistoryConfig;
import chatlab.history.Retention;
import chatlab.history.SqliteMessageLog;
import chatlab.history.SyncMode;
import chatlab.server.HistorySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code chatlab server}'s history options (docs/LIMITS.md, *History*): whether the server keeps its rooms' messages
 * in the message log, where, for how long, and what it sends on joining. Defaults come from {@link HistorySettings},
 * {@link Retention} and {@link HistoryConfig} ({@link OptionDefaults.Server}).
 */
final class ServerHistoryOptions {
    @Option(names = "--history", paramLabel = "on|off",
            description = "Keep every room message in the message log (messages.db in --data-dir) before it is "
                    + "acknowledged, send v2 clients the last messages of a room they join and answer their history "
                    + "and search requests; off keeps only this run's last messages in memory (default: "
                    + "${DEFAULT-VALUE}).")
    String history;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The folder of the message log (messages.db), made on first use; default: "
                    + "$XDG_DATA_HOME/chatlab or ~/.local/share/chatlab, beside the user store. One server per folder.")
    Path dataDir;

    @Option(names = "--history-max-messages", defaultValue = "" + Retention.DEFAULT_MAX_MESSAGES, paramLabel = "N",
            description = "Messages the log keeps per room; older ones are removed (default: ${DEFAULT-VALUE}).")
    long maxMessages;

    @Option(names = "--history-max-age", converter = DurationConverter.class, paramLabel = "AGE",
            description = "Messages older than this are removed from the log, e.g. 90d or 12h "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration maxAge;

    @Option(names = "--history-max-bytes", defaultValue = "" + Retention.DEFAULT_MAX_BYTES, paramLabel = "BYTES",
            description = "Bytes of text, sender names and ids the log keeps per room; the file holds about 4 times "
                    + "that (default: ${DEFAULT-VALUE}).")
    long maxBytes;

    @Option(names = "--history-on-join", defaultValue = "" + HistorySettings.DEFAULT_ON_JOIN_MESSAGES,
            paramLabel = "N",
            description = "Messages a v2 client that shows history is sent when it joins a room, marked as history "
                    + "(0: none; default: ${DEFAULT-VALUE}).")
    int onJoin;

    @Option(names = "--lab-history", defaultValue = "" + HistorySettings.DEFAULT_LAB_MESSAGES, paramLabel = "N",
            description = "Messages a lab client is sent as ordinary relays when it joins; the lab's client shows "
                    + "them as new chat, so none by default (default: ${DEFAULT-VALUE}).")
    int labHistory;

    @Option(names = "--history-sync", paramLabel = "full|normal",
            description = "full: every commit reaches the disk before its messages are acknowledged (they survive "
                    + "a crash of the server and a power loss); normal: synced at checkpoints only (they survive a "
                    + "crash of the server, not a power loss) (default: ${DEFAULT-VALUE}).")
    String sync;

    @Option(names = "--history-commit-wait", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long the log, when busy, lets a transaction wait for more messages to join it before "
                    + "it commits (fewer, larger commits: less CPU per message in a busy room); a quiet room's message "
                    + "is committed at once; 0 never waits (default: ${DEFAULT-VALUE}, at most 100ms).")
    Duration commitWait;

    @Option(names = "--history-search", paramLabel = "on|off",
            description = "Answer v2 clients' searches of a room's history; off also spares the log its search "
                    + "index, about half of its work per message (default: ${DEFAULT-VALUE}).")
    String search;

    /** The settings these options make; a bad value is a usage error. */
    HistorySettings settings() {
        boolean enabled = onOff("--history", history);
        Path directory = dataDir != null ? dataDir : SqliteMessageLog.defaultDirectory();
        try {
            boolean searches = onOff("--history-search", search);
            HistoryConfig log = HistoryConfig.defaults().withSync(SyncMode.parse(sync))
                    .withRetention(new Retention(maxMessages, maxAge, maxBytes)).withIndexAhead(searches)
                    .withCommitWait(commitWait);
            return new HistorySettings(enabled, directory, log, onJoin, labHistory, searches);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), 2);
        }
    }

    static String onOff(boolean value) {
        return value ? "on" : "off";
    }

    private static boolean onOff(String option, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new UserError(option + " must be on or off, got '" + value + "'", 2);
        };
    }
}
