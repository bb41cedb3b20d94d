package chatlab.history;

import java.time.Instant;

/**
 * Whether the log is storing messages. While it is {@link State#FAILING} (the disk is full, the file cannot be
 * written), appends fail with {@link #reason}. The log keeps trying: every batch it is given, and while it is given
 * none, a small test write every {@link HistoryConfig#retryInterval} once the file system has 4 MiB free; it is
 * {@link State#OK} again after the first batch or test write that commits. A server may refuse messages while the
 * log fails (telling the sender {@link #reason}) and take them again when it is OK.
 *
 * @param reason the user-facing reason of the last failure (what a refused sender is told); null when OK
 * @param since  when the state began
 */
public record LogHealth(State state, String reason, Instant since) {
    public enum State {
        OK,
        FAILING
    }

    public static LogHealth ok(Instant since) {
        return new LogHealth(State.OK, null, since);
    }

    public static LogHealth failing(String reason, Instant since) {
        return new LogHealth(State.FAILING, reason, since);
    }

    public boolean isOk() {
        return state == State.OK;
    }
}
