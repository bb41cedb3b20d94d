package chatlab.testbed;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code chatlab testbed run --scenario cluster} does.
 *
 * @param out       the folder for captures, transcripts, analysis and summary (created if missing)
 * @param timeLimit the whole run, clean-up included, ends by then at the latest
 */
public record ClusterOptions(Path out, Duration timeLimit) {
    /** The scenario's name for {@code --scenario}. */
    public static final String SCENARIO = "cluster";
    /**
     * About two minutes of scenario (the kill and the partition each wait out the 20 s presence timeout), JVMs
     * starting on a busy two-core machine, the analysis.
     */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(8);
}
