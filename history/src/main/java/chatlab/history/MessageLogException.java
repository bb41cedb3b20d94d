package chatlab.history;

import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Why the log could not do something, with a message that can be shown to the user as it is ({@code the message log
 * is full (disk full): message not stored}). The log's futures fail with it; {@link #of} finds it inside the
 * wrappers a future adds.
 */
public final class MessageLogException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for a caller that reacts differently (an error code, a retry). */
    public enum Reason {
        /** The disk (or the file system's quota) is full: nothing of the failed operation was stored. */
        FULL,
        /** The disk failed (an I/O error). */
        IO,
        /** The file or its folder cannot be written. */
        READ_ONLY,
        /** Another program holds the file's write lock longer than the busy timeout. */
        LOCKED,
        /** The file is damaged or not a message log. */
        DAMAGED,
        /** More messages wait for the disk than the log queues ({@link HistoryConfig#maxPendingMessages}). */
        BEHIND,
        /** More reads wait than the log queues ({@link HistoryConfig#maxQueuedReads}). */
        BUSY,
        /** The log was closed, or opened for reading only. */
        CLOSED,
        /** The caller's batch breaks the log's rules (a sequence number not above the room's last): a bug. */
        INVALID,
        /** Anything else. */
        FAILED
    }

    private final Reason reason;

    public MessageLogException(Reason reason, String message) {
        this(reason, message, null);
    }

    public MessageLogException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    /**
     * The log's exception behind a future's failure ({@link CompletionException}, {@link ExecutionException}), or one
     * of reason {@link Reason#FAILED} with the throwable's own message when it is something else.
     */
    public static MessageLogException of(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof MessageLogException logFailure) {
            return logFailure;
        }
        return new MessageLogException(Reason.FAILED, HistoryTexts.failed(String.valueOf(t.getMessage())), t);
    }
}
