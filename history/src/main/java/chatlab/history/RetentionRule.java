package chatlab.history;

/** The rule of {@link Retention} that made the log trim a room. */
public enum RetentionRule {
    MESSAGES,
    AGE,
    BYTES
}
