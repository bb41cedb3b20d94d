package chatlab.bench;

import java.util.Locale;

/** How the slow readers of the slow-reader scenario misbehave once the measured window starts. */
public enum SlowMode {
    /** They stop reading altogether. */
    STOP("stop"),
    /**
     * They go on reading, too little: once a second, a quarter of what each other client received in that second
     * ({@code SlowReader.TRICKLE_FRACTION}), so their backlog grows steadily but they never stop reading.
     */
    TRICKLE("trickle");

    private final String text;

    SlowMode(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static SlowMode parse(String text) {
        for (SlowMode mode : values()) {
            if (mode.text.equals(text.toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown slow mode '" + text + "'; use stop or trickle");
    }
}
