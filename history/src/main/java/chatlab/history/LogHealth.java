package chatlab.history;

import java.time.Instant;

/**
 * Whether the log is storing messages. While it is {@link State#FAILING} (the disk is full, the file cannot be
 * written), appends fail with {@link #reason}; the log keeps trying (every batch it is given, and a small test write
 * now and then) and is {@link State#OK} again after the first write that commits.
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
