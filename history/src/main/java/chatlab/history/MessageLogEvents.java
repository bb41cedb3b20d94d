package chatlab.history;

/**
 * What the log does, for the log file and metrics (the app wires it to SLF4J); every method does nothing by default.
 * Called on the log's writer thread: a listener must return quickly and never call back into the log and wait.
 */
public interface MessageLogEvents {
    MessageLogEvents NONE = new MessageLogEvents() {};

    /** One transaction committed (and synced) {@code messages} messages of {@code batches} batches, in nanoseconds. */
    default void committed(int batches, int messages, long nanos) {}

    /** A transaction failed: its batches' futures fail with {@code failure}. */
    default void failed(int batches, int messages, MessageLogException failure) {}

    /** Retention removed the oldest messages of a room. */
    default void trimmed(Trimmed trimmed) {}

    /** The log began failing, or works again ({@link LogHealth}). */
    default void healthChanged(LogHealth health) {}
}
