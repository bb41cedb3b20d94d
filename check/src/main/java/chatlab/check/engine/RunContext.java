package chatlab.check.engine;

import chatlab.check.CheckEvents;
import chatlab.check.CheckRequest;
import chatlab.check.CheckTimeouts;
import chatlab.check.net.Placement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every part of one check shares: the request, where things run, the folder for the programs' output, the
 * time the check began, and the notes for the report (things that happened around the rules, such as a restart).
 */
public final class RunContext {
    private final CheckRequest request;
    private final Placement placement;
    private final Path outputDir;
    private final Path labPrograms;
    private final long origin;
    private final CheckEvents events;
    private final List<String> notes = new ArrayList<>();
    private Runnable endCaptures = () -> {};

    public RunContext(CheckRequest request, Placement placement, Path outputDir, Path labPrograms, long origin,
            CheckEvents events) {
        this.request = request;
        this.placement = placement;
        this.outputDir = outputDir;
        this.labPrograms = labPrograms;
        this.origin = origin;
        this.events = events;
    }

    public CheckRequest request() {
        return request;
    }

    public CheckTimeouts timeouts() {
        return request.timeouts();
    }

    public Placement placement() {
        return placement;
    }

    /** Where the programs' output files go. */
    public Path outputDir() {
        return outputDir;
    }

    /** The folder holding the lab's own Python programs. */
    public Path labPrograms() {
        return labPrograms;
    }

    /** {@link System#nanoTime()} when the check began. */
    public long origin() {
        return origin;
    }

    public CheckEvents events() {
        return events;
    }

    /** Seconds since the check began, for notes. */
    public String now() {
        return String.format("%.1f s", (System.nanoTime() - origin) / 1e9);
    }

    /** What ends the captures, for a scenario that is not to be captured. */
    public void onEndOfCaptures(Runnable value) {
        endCaptures = value;
    }

    /** Ends the captures (once; later calls do nothing). */
    public void endCaptures() {
        endCaptures.run();
        endCaptures = () -> {};
    }

    public void note(String text) {
        synchronized (notes) {
            notes.add(text);
        }
        events.progress("  note: " + text);
    }

    public List<String> notes() {
        synchronized (notes) {
            return List.copyOf(notes);
        }
    }
}
