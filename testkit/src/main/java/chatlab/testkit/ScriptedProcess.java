package chatlab.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real process a test talks to: lines go to its stdin, its stdout and stderr are collected as they come. It is
 * ended by its own PID on close, never by name.
 */
public final class ScriptedProcess implements AutoCloseable {
    private final String label;
    private final Process process;
    private final OutputStream stdin;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private ScriptedProcess(String label, Process process) {
        this.label = label;
        this.process = process;
        this.stdin = process.getOutputStream();
        pump(process.getInputStream(), stdout, label + "-stdout");
        pump(process.getErrorStream(), stderr, label + "-stderr");
    }

    public static ScriptedProcess start(String label, ProcessBuilder builder) {
        try {
            return new ScriptedProcess(label, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + label + ": " + builder.command(), e);
        }
    }

    public static ScriptedProcess start(String label, List<String> command, java.util.Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        return start(label, builder);
    }

    private static void pump(InputStream in, ByteArrayOutputStream sink, String name) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (sink) {
                        sink.write(buffer, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
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

    /** Ends the process's input (Ctrl-D at a terminal, the end of a pipe). */
    public void closeInput() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    public String stdout() {
        synchronized (stdout) {
            return stdout.toString(StandardCharsets.UTF_8);
        }
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
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

    public String describe() {
        return label + " (pid " + process.pid() + (process.isAlive() ? ", running" : ", exited " + process.exitValue())
                + ")\n--- stdout ---\n" + stdout() + "\n--- stderr ---\n" + stderr();
    }

    @Override
    public void close() {
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
