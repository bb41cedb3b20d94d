package chatlab.testbed;

import chatlab.proc.Launch;
import chatlab.proc.RunningProcess;
import chatlab.proc.Stream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A program running on a lab host during a run: started with {@code setsid ip netns exec}, which replace
 * themselves with the program, so {@link #pid()} is the program's own PID and it is ended by that PID (with its
 * process group). Its output is read line by line as it comes (by the proc module's runner, which also copies it to
 * files), each line stamped with the time it was seen.
 */
final class HostProcess implements AutoCloseable {
    /** One line the program printed. */
    record Line(long atNanos, boolean stderr, String text) {}

    /** What the runner keeps of each output besides the lines here: enough for a message. */
    private static final int OUTPUT_LIMIT_BYTES = 64 * 1024;

    private final String label;
    private final LabHost host;
    private final long originNanos;
    private final List<Line> lines = new ArrayList<>();
    private final Consumer<Line> listener;
    private RunningProcess process;

    private HostProcess(String label, LabHost host, long originNanos, Consumer<Line> listener) {
        this.label = label;
        this.host = host;
        this.originNanos = originNanos;
        this.listener = listener;
    }

    /**
     * Starts {@code command} (already wrapped in {@code ip netns exec}) with its output also in
     * {@code outputBase}.out and .err; {@code listener} sees every line as it is read.
     */
    static HostProcess start(String label, LabHost host, List<String> command, Map<String, String> environment,
            Path outputBase, long originNanos, Consumer<Line> listener) throws TestbedException {
        Path out = outputBase.resolveSibling(outputBase.getFileName() + ".out");
        Path err = outputBase.resolveSibling(outputBase.getFileName() + ".err");
        HostProcess p = new HostProcess(label, host, originNanos, listener);
        try {
            p.process = Launch.of(command).label(label).environment(environment).copyOutputTo(out, err)
                    .outputLimit(OUTPUT_LIMIT_BYTES).onLine((stream, text) -> p.add(text, stream == Stream.STDERR))
                    .start();
        } catch (IOException e) {
            throw new TestbedException("cannot start " + label + " on " + host + ": " + e.getMessage(), e);
        }
        return p;
    }

    String label() {
        return label;
    }

    LabHost host() {
        return host;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.alive();
    }

    Optional<Integer> exitCode() {
        return process.exitCode().isPresent() ? Optional.of(process.exitCode().getAsInt()) : Optional.empty();
    }

    /** True once {@link #stop} was asked for: an exit after that is expected, not a crash. */
    boolean stopRequested() {
        return process.stopRequested();
    }

    boolean inputClosed() {
        return process.inputClosed();
    }

    /** Types a line, as a person at the host's terminal would. Returns false when the program no longer reads. */
    boolean typeLine(String line) {
        try {
            process.send(line + "\n");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Ends the program's input (Ctrl-D at a terminal). */
    void closeInput() {
        process.closeInput();
    }

    /** Waits for the program to exit by itself (and its output to be read). */
    boolean awaitExit(Duration timeout) {
        return process.awaitExit(timeout);
    }

    /** SIGTERM to the program's group, a grace period, then SIGKILL. True when it ended by itself after SIGTERM. */
    boolean stop(Duration grace) {
        return process.stop(grace);
    }

    /** Every line seen so far. */
    List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The number of lines seen so far that match. */
    long count(Predicate<String> matching) {
        synchronized (lines) {
            return lines.stream().filter(l -> matching.test(l.text())).count();
        }
    }

    /** Waits until everything the exited program wrote has been read. */
    void drain(Duration timeout) {
        process.drain(timeout);
    }

    @Override
    public void close() {
        process.close();
    }

    private void add(String text, boolean stderr) {
        Line line = new Line(System.nanoTime() - originNanos, stderr, text);
        synchronized (lines) {
            lines.add(line);
        }
        listener.accept(line);
    }
}
