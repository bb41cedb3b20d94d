package chatlab.cli;

import java.time.Duration;

/**
 * How much the server's log may say (docs/LIMITS.md, "The log under floods").
 *
 * @param burst             lines per event kind and address per window; more are counted and summarised in one line
 *                          when the window ends
 * @param window            the window those budgets count over
 * @param maxLinesPerWindow lines per window for every kind and address together; more are summarised in one line
 */
record LogLimits(int burst, Duration window, int maxLinesPerWindow) {
    /** A handful of joins or refusals from one address per window is what a person does; a flood is summarised. */
    static final int DEFAULT_BURST = 5;
    static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    /** 100 lines a second at most, about 10 KB/s or 36 MB an hour, however many addresses take part. */
    static final int DEFAULT_MAX_LINES_PER_WINDOW = 1000;
    /**
     * Event kind and address pairs tracked at once (about 200 bytes each, 2 MB in all); past this, the pair whose
     * window began first is summarised and forgotten.
     */
    static final int MAX_TRACKED_KEYS = 10_000;

    LogLimits {
        if (burst < 1) {
            throw new IllegalArgumentException("the log burst must be at least 1 line, got " + burst);
        }
        if (window == null || window.toMillis() < 1) {
            throw new IllegalArgumentException("the log window must be at least 1 ms, got " + window);
        }
        if (maxLinesPerWindow < burst) {
            throw new IllegalArgumentException("the log's lines per window (" + maxLinesPerWindow
                    + ") must be at least its burst (" + burst + ")");
        }
    }

    static LogLimits defaults() {
        return new LogLimits(DEFAULT_BURST, DEFAULT_WINDOW, DEFAULT_MAX_LINES_PER_WINDOW);
    }

    /** No summarising at all: every event gets its line (the log before these limits; for measuring). */
    static LogLimits unlimited() {
        return new LogLimits(Integer.MAX_VALUE, DEFAULT_WINDOW, Integer.MAX_VALUE);
    }
}
