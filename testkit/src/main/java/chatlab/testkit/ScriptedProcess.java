package chatlab.testkit;

import chatlab.proc.Launch;
import chatlab.proc.RunningProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real process a test talks to: lines go to its stdin, its stdout and stderr are read as they come (by the proc
 * module's runner), and the test waits on them with {@link Await}'s deadline. It runs in a process group of its own
 * and is ended with that group by its PID on close, never by name.
 */
public final class ScriptedProcess implements AutoCloseable {
    private final String label;
    private final RunningProcess process;

    private ScriptedProcess(String label, RunningProcess process) {
        this.label = label;
        this.process = process;
    }

    /** Starts the builder's command, in its folder, with its environment (its redirections are not used). */
    public static ScriptedProcess start(String label, ProcessBuilder builder) {
        Launch launch = Launch.of(builder.command()).environment(builder.environment());
        if (builder.directory() != null) {
            launch.directory(builder.directory().toPath());
        }
        return start(label, launch);
    }

    public static ScriptedProcess start(String label, List<String> command, Map<String, String> env) {
        return start(label, Launch.of(command).environment(env));
    }

    private static ScriptedProcess start(String label, Launch launch) {
        try {
            return new ScriptedProcess(label, launch.label(label).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + label + ": " + launch.commandLine(), e);
        }
    }

    /** Types a line into the process, as a user would. */
    public void typeLine(String line) {
        try {
            process.send(line + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(label + " no longer reads its input: " + describe(), e);
        }
    }

    /**
     * Types {@code line} until the output shows {@code expected}: for questions whose answer changes when news
     * arrives (the lab client's {@code #ls} after someone left), asked again until the news is in.
     */
    public void typeUntil(String line, String expected) {
        Await.until(label + " to print " + expected + " after " + line, () -> {
            if (stdout().contains(expected)) {
                return true;
            }
            typeLine(line);
            return false;
        });
    }

    /** Ends the process's input (Ctrl-D at a terminal, the end of a pipe). */
    public void closeInput() {
        process.closeInput();
    }

    public String stdout() {
        return process.stdout();
    }

    public String stderr() {
        return process.stderr();
    }

    public void awaitStdout(String part) {
        Await.until(label + " printing " + part, this::describe, d -> stdout().contains(part));
    }

    public void awaitStderr(String part) {
        Await.until(label + " logging " + part, this::describe, d -> stderr().contains(part));
    }

    /** Waits for the process to end by itself and returns its exit status. */
    public int awaitExit(Duration timeout) {
        if (!process.awaitExit(timeout)) {
            throw new AssertionError(label + " did not exit within " + timeout.toMillis() + " ms; " + describe());
        }
        return process.exitCode().getAsInt();
    }

    public boolean isAlive() {
        return process.alive();
    }

    public long pid() {
        return process.pid();
    }

    /** Sends SIGTERM to this process (its group, by PID). */
    public void terminate() {
        process.terminate();
    }

    /** Kills this process (its group) with SIGKILL and waits for it to be gone: no chance to say goodbye. */
    public void kill() {
        process.kill();
    }

    public String describe() {
        return process.describe();
    }

    @Override
    public void close() {
        process.close();
    }
}
