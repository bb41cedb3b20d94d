package chatlab.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real process a test talks to: lines go to its stdin, its stdout and stderr go to files read on demand. Files
 * rather than pipes, because the JDK drops whatever a pipe still holds when the process exits while a reader
 * thread is blocked on it. The process is ended by its own PID on close, never by name.
 */
public final class ScriptedProcess implements AutoCloseable {
    private final String label;
    private final Process process;
    private final OutputStream stdin;
    private final Path stdout;
    private final Path stderr;

    private ScriptedProcess(String label, Process process, Path stdout, Path stderr) {
        this.label = label;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static ScriptedProcess start(String label, ProcessBuilder builder) {
        try {
            Path out = Files.createTempFile("chatlab-process-", ".out");
            Path err = Files.createTempFile("chatlab-process-", ".err");
            out.toFile().deleteOnExit();
            err.toFile().deleteOnExit();
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            return new ScriptedProcess(label, builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + label + ": " + builder.command(), e);
        }
    }

    public static ScriptedProcess start(String label, List<String> command, java.util.Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        return start(label, builder);
    }

    /** Types a line into the process, as a user would. */
    public void typeLine(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
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
        try {
            stdin.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            try {
                return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            } catch (IOException again) {
                throw new UncheckedIOException(again);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void awaitStdout(String part) {
        Await.until(label + " printing " + part, this::describe, d -> stdout().contains(part));
    }

    public void awaitStderr(String part) {
        Await.until(label + " logging " + part, this::describe, d -> stderr().contains(part));
    }

    /** Waits for the process to end by itself and returns its exit status. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(label + " did not exit within " + timeout.toMillis() + " ms; " + describe());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Sends SIGTERM to this process (by PID). */
    public void terminate() {
        process.destroy();
    }

    /** Kills this process with SIGKILL (by PID) and waits for it to be gone: no chance to say goodbye. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String describe() {
        return label + " (pid " + process.pid() + (process.isAlive() ? ", running" : ", exited " + process.exitValue())
                + ")\n--- stdout ---\n" + stdout() + "\n--- stderr ---\n" + stderr();
    }

    @Override
    public void close() {
        closeInput();
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
