package chatlab.proc;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A program started by {@link Launch}. Two threads read its stdout and stderr as they come (a pipe nobody reads
 * would stop the program once it is full) into bounded buffers and to the line listener; waits wake on new output
 * and on the exit. Once {@link #awaitExit} returns true, everything the program wrote has been read. Ended by its
 * PID (with its group) on {@link #stop} and {@link #close}, never by name.
 */
public final class RunningProcess implements AutoCloseable {
    /** After the exit, how long its output may take to reach end of file (a child of it may still hold the pipe). */
    static final Duration DRAIN_WAIT = Duration.ofSeconds(2);
    /** Waits look at their condition at least this often, for conditions that do not depend on the output. */
    private static final long RECHECK_MILLIS = 50;

    private final String label;
    private final List<String> command;
    private final Process process;
    private final OutputStream stdin;
    private final boolean merged;
    private final BoundedOutput out;
    private final BoundedOutput err;
    private final Thread outReader;
    private final Thread errReader;
    private final Object news = new Object();
    private volatile boolean stopRequested;
    private volatile boolean inputClosed;

    RunningProcess(String label, List<String> command, Process process, boolean merged, int outputLimitBytes,
            LineListener listener, Path stdoutCopy, Path stderrCopy) throws IOException {
        this.label = label;
        this.command = command;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.merged = merged;
        this.out = new BoundedOutput(outputLimitBytes);
        this.err = new BoundedOutput(merged ? 2 : outputLimitBytes);
        this.outReader = reader(process.getInputStream(), out, new LineSplitter(Stream.STDOUT, listener,
                Launch.MAX_LINE_BYTES), copy(stdoutCopy), "stdout");
        this.errReader = merged ? null : reader(process.getErrorStream(), err, new LineSplitter(Stream.STDERR,
                listener, Launch.MAX_LINE_BYTES), copy(stderrCopy), "stderr");
        process.onExit().thenRun(this::wake);
    }

    private static OutputStream copy(Path file) throws IOException {
        return file == null ? null : new FileOutputStream(file.toFile());
    }

    private Thread reader(InputStream in, BoundedOutput buffer, LineSplitter lines, OutputStream copy, String name) {
        Thread thread = new Thread(() -> {
            byte[] chunk = new byte[8192];
            try (in; OutputStream file = copy) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    buffer.append(chunk, 0, n);
                    if (file != null) {
                        file.write(chunk, 0, n);
                    }
                    lines.accept(chunk, 0, n);
                    wake();
                }
            } catch (IOException e) {
                // The pipe closed under us: the program is gone.
            } finally {
                lines.finish();
                wake();
            }
        }, "process-" + name + "-" + label + "-" + process.pid());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void wake() {
        synchronized (news) {
            news.notifyAll();
        }
    }

    public String label() {
        return label;
    }

    /** The command as given (without the setsid in front). */
    public List<String> command() {
        return command;
    }

    /** The program's own PID (setsid becomes the program), and its process group's when it has its own. */
    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Its exit status once it has ended. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** True once {@link #stop} was asked for: an exit after that is expected, not a crash. */
    public boolean stopRequested() {
        return stopRequested;
    }

    public boolean inputClosed() {
        return inputClosed;
    }

    /**
     * What it wrote to stdout so far (with stderr, when merged), as UTF-8; past the output limit its first and last
     * halves, with a line saying how many bytes were left out between them.
     */
    public String stdout() {
        return out.text();
    }

    /** What it wrote to stderr so far; empty when merged into stdout. */
    public String stderr() {
        return merged ? "" : err.text();
    }

    /** The end of its output (stdout, then stderr) for a message: see {@link Finished#tail(String, int)}. */
    public String tail(int maxChars) {
        return Finished.tail(stdout() + stderr(), maxChars);
    }

    /** The end of one of its outputs for a message. */
    public String tail(Stream stream, int maxChars) {
        return Finished.tail(stream == Stream.STDOUT ? stdout() : stderr(), maxChars);
    }

    /** Writes {@code text} to its stdin as UTF-8. */
    public void send(String text) throws IOException {
        stdin.write(text.getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Ends its input (Ctrl-D at a terminal, the end of a pipe). */
    public void closeInput() {
        inputClosed = true;
        try {
            stdin.close();
        } catch (IOException ignored) {
            // Already closed, or the program is gone.
        }
    }

    /**
     * Waits until {@code condition} holds, at most {@code timeout}; looked at again on each new output, at the exit,
     * and every 50 ms. False when the time ran out (or the thread was interrupted, which stays set).
     */
    public boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            synchronized (news) {
                try {
                    news.wait(Math.max(1, Math.min(RECHECK_MILLIS, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return condition.getAsBoolean();
                }
            }
        }
        return true;
    }

    /** Waits for a line of {@code stream} (stdout holds stderr when merged) that matches; empty when none came. */
    public Optional<String> awaitLine(Duration timeout, Stream stream, Predicate<String> matching) {
        String[] found = new String[1];
        await(timeout, () -> {
            String text = stream == Stream.STDOUT ? stdout() : stderr();
            found[0] = text.lines().filter(matching).findFirst().orElse(null);
            return found[0] != null;
        });
        return Optional.ofNullable(found[0]);
    }

    /**
     * Waits at most {@code timeout} for it to end by itself, then for its output to be read to the end. True when it
     * ended.
     */
    public boolean awaitExit(Duration timeout) {
        if (!Stopper.awaitExit(process.toHandle(), timeout)) {
            return false;
        }
        // The handle hears of the exit before the Process has reaped it and kept its status (isAlive() is still true
        // for a moment): wait for that too, or exitCode() could be empty just after this returns true.
        try {
            process.waitFor(DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain(DRAIN_WAIT);
        return true;
    }

    /** Waits until everything the (ended) program wrote has been read. */
    public void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Thread reader : new Thread[] {outReader, errReader}) {
                if (reader != null) {
                    reader.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops it and its group: input closed, SIGTERM, {@code grace} to exit, then SIGKILL (see {@link Stopper}). True
     * when it ended by itself after SIGTERM.
     */
    public boolean stop(Duration grace) {
        stopRequested = true;
        closeInput();
        boolean clean = Stopper.stop(process.toHandle(), grace);
        drain(DRAIN_WAIT);
        return clean;
    }

    /** SIGTERM to it (its group), without waiting: as a Ctrl-C or a service manager would. */
    public void terminate() {
        Stopper.terminate(process.toHandle());
    }

    /** SIGKILL to it (its group), and a bounded wait until it is gone: no chance to say goodbye. */
    public void kill() {
        Stopper.kill(process.toHandle());
        drain(DRAIN_WAIT);
    }

    /** Its name, PID, state and output, for a failure message. */
    public String describe() {
        return label + " (pid " + pid() + (alive() ? ", running" : ", exited " + process.exitValue()) + ")\n"
                + (merged ? "--- output ---\n" + stdout() : "--- stdout ---\n" + stdout() + "\n--- stderr ---\n"
                        + stderr());
    }

    /** Stops it ({@link #stop} with {@link Stopper#DEFAULT_GRACE}) if it still runs. */
    @Override
    public void close() {
        if (alive()) {
            stop(Stopper.DEFAULT_GRACE);
        } else {
            closeInput();
            drain(DRAIN_WAIT);
        }
    }
}
