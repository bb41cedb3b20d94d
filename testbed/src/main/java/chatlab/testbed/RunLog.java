package chatlab.testbed;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a run tells, timed from its start: progress and warnings as they happen, and for the summary the timeline,
 * the problems (crashes, missing messages, failures), notes, and how each process ended.
 */
final class RunLog {
    private final TestbedEvents events;
    private final long origin = System.nanoTime();
    private final List<String> timeline = new ArrayList<>();
    private final Set<String> problems = new LinkedHashSet<>();
    private final Set<String> notes = new LinkedHashSet<>();
    private final List<String> processLines = new ArrayList<>();

    RunLog(TestbedEvents events) {
        this.events = events;
    }

    /** {@link System#nanoTime()} at the start of the run. */
    long origin() {
        return origin;
    }

    /** Nanoseconds since the start of the run. */
    long now() {
        return System.nanoTime() - origin;
    }

    /** Seconds with three decimals, as the summary and the transcripts show times. */
    static String seconds(long nanos) {
        return String.format("%.3f", nanos / 1e9);
    }

    /** Something a host did, on the timeline and as progress. */
    void event(LabHost host, String what) {
        String line = String.format("  %8s  %-8s %s", "+" + seconds(now()), host.name(), what);
        timeline.add(line);
        events.progress(line.strip());
    }

    void progress(String line) {
        events.progress(line);
    }

    void warning(String warning) {
        events.warning(warning);
    }

    /** A warning that also goes on the timeline. */
    void timelineWarning(String warning) {
        events.warning(warning);
        timeline.add(String.format("  %8s  %s", "+" + seconds(now()), "warning: " + warning));
    }

    void problem(String problem) {
        problems.add(problem);
    }

    void note(String note) {
        notes.add(note);
    }

    /** How a process ended, for the summary's list of processes. */
    void processLine(String line) {
        processLines.add(line);
    }

    List<String> timeline() {
        return timeline;
    }

    /** In the order they were found, each once. */
    Set<String> problems() {
        return problems;
    }

    Set<String> notes() {
        return notes;
    }

    List<String> processLines() {
        return processLines;
    }
}
