package chatlab.bench;

import java.util.Locale;

/** Who makes the load: the bench's own clients in its JVM, or the small C program {@code labload}. */
public enum LoadGenerator {
    /** The bench's clients on Netty, in the bench's JVM: every scenario, both wires. */
    JAVA("java"),
    /**
     * {@code labload.c}, compiled here: fanout on the lab wire only (open or closed loop), with one thread reading
     * every client and one writing on schedule, so the load generator takes as little of the shared cores as it can.
     */
    C("c");

    private final String text;

    LoadGenerator(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static LoadGenerator parse(String text) {
        for (LoadGenerator generator : values()) {
            if (generator.text.equals(text.toLowerCase(Locale.ROOT))) {
                return generator;
            }
        }
        throw new IllegalArgumentException("unknown load generator '" + text + "'; use java or c");
    }
}
