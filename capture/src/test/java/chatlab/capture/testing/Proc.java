package chatlab.capture.testing;

import chatlab.proc.Launch;
import chatlab.proc.RunningProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A process this test started (through the proc module's runner), its stdout and stderr merged, so tests can wait
 * for a line; stopped with its process group by its PID (never by name).
 */
public final class Proc implements AutoCloseable {
    private final String name;
    private final RunningProcess process;

    private Proc(String name, RunningProcess process) {
        this.name = name;
        this.process = process;
    }

    public static Proc start(String name, List<String> command, Map<String, String> env) throws IOException {
        return new Proc(name, Launch.of(command).label(name).environment(env).mergeStderr().start());
    }

    public String output() {
        return process.stdout();
    }

    public void send(String line) throws IOException {
        process.send(line + "\n");
    }

    public void closeInput() {
        process.closeInput();
    }

    public void awaitOutput(String text, Duration limit) {
        await(() -> output().contains(text), limit, name + " to print '" + text + "'");
    }

    /** Waits for a condition; fails with what was awaited and this process's output. */
    public void await(BooleanSupplier condition, Duration limit, String what) {
        await(condition, limit, () -> what);
    }

    /**
     * As above, with the description computed when the wait fails. The condition is looked at every 20 ms, not on
     * each new output: a condition may act (type a question again), and must not act faster than that.
     */
    public void await(BooleanSupplier condition, Duration limit, Supplier<String> what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what.get()
                        + "; output of " + name + ":\n" + output());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public boolean waitExit(Duration limit) {
        return process.awaitExit(limit);
    }

    /** SIGTERM, then SIGKILL if it does not exit within five seconds. */
    @Override
    public void close() {
        process.close();
    }
}
