package chatlab.testbed;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
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
 * themselves with the program, so {@link #pid()} is the program's own PID and it is ended by that PID. Its output
 * goes to files (a pipe can lose its last bytes when the program exits) that a thread follows line by line, each
 * line stamped with the time it was seen.
 */
final class HostProcess implements AutoCloseable {
    /** One line the program printed. */
    record Line(long atNanos, boolean stderr, String text) {}

    private static final long POLL_MILLIS = 20;

    private final String label;
    private final LabHost host;
    private final Process process;
    private final OutputStream stdin;
    private final long originNanos;
    private final List<Line> lines = new ArrayList<>();
    private final Consumer<Line> listener;
    private final Thread follower;
    private volatile boolean stopRequested;
    private volatile boolean inputClosed;

    private HostProcess(String label, LabHost host, Process process, Path stdout, Path stderr, long originNanos,
            Consumer<Line> listener) {
        this.label = label;
        this.host = host;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.originNanos = originNanos;
        this.listener = listener;
        this.follower = new Thread(() -> follow(stdout, stderr), "testbed-output-" + label);
        this.follower.setDaemon(true);
        this.follower.start();
    }

    /**
     * Starts {@code command} (already wrapped in {@code ip netns exec}) with its output in {@code outputBase}.out
     * and .err; {@code listener} sees every line as it is read.
     */
    static HostProcess start(String label, LabHost host, List<String> command, Map<String, String> environment,
            Path outputBase, long originNanos, Consumer<Line> listener) throws TestbedException {
        Path out = outputBase.resolveSibling(outputBase.getFileName() + ".out");
        Path err = outputBase.resolveSibling(outputBase.getFileName() + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        try {
            return new HostProcess(label, host, builder.start(), out, err, originNanos, listener);
        } catch (IOException e) {
            throw new TestbedException("cannot start " + label + " on " + host + ": " + e.getMessage(), e);
        }
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
        return process.isAlive();
    }

    Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** True once {@link #stop} was asked for: an exit after that is expected, not a crash. */
    boolean stopRequested() {
        return stopRequested;
    }

    boolean inputClosed() {
        return inputClosed;
    }

    /** Types a line, as a person at the host's terminal would. Returns false when the program no longer reads. */
    boolean typeLine(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Ends the program's input (Ctrl-D at a terminal). */
    void closeInput() {
        inputClosed = true;
        try {
            stdin.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    /** Waits for the program to exit by itself. */
    boolean awaitExit(Duration timeout) {
        return Pids.awaitExit(process.toHandle(), timeout);
    }

    /** SIGTERM to the program's PID, a grace period, then SIGKILL. True when it ended by itself after SIGTERM. */
    boolean stop(Duration grace) {
        stopRequested = true;
        closeInput();
        return Pids.stop(process.toHandle(), grace);
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

    /** Waits until the follower has read everything the exited program wrote. */
    void drain(Duration timeout) {
        try {
            follower.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Pids.STOP_GRACE);
        drain(Duration.ofSeconds(2));
    }

    private void follow(Path stdout, Path stderr) {
        StringBuilder pendingOut = new StringBuilder();
        StringBuilder pendingErr = new StringBuilder();
        long[] positions = new long[2];
        try {
            while (true) {
                boolean exited = !process.isAlive();
                read(stdout, 0, positions, pendingOut, false);
                read(stderr, 1, positions, pendingErr, true);
                if (exited) {
                    flushPartial(pendingOut, false);
                    flushPartial(pendingErr, true);
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void read(Path file, int index, long[] positions, StringBuilder pending, boolean stderr) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length <= positions[index]) {
                return;
            }
            byte[] bytes = new byte[(int) Math.min(length - positions[index], 1 << 20)];
            raf.seek(positions[index]);
            raf.readFully(bytes);
            // Keep an incomplete UTF-8 sequence at the end for the next read.
            int usable = completeUtf8Length(bytes);
            positions[index] += usable;
            pending.append(new String(bytes, 0, usable, StandardCharsets.UTF_8));
            int newline;
            while ((newline = pending.indexOf("\n")) >= 0) {
                String text = pending.substring(0, newline);
                pending.delete(0, newline + 1);
                add(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text, stderr);
            }
        } catch (IOException e) {
            // The file is read again on the next poll.
        }
    }

    private void flushPartial(StringBuilder pending, boolean stderr) {
        if (pending.length() > 0) {
            add(pending.toString(), stderr);
            pending.setLength(0);
        }
    }

    private void add(String text, boolean stderr) {
        Line line = new Line(System.nanoTime() - originNanos, stderr, text);
        synchronized (lines) {
            lines.add(line);
        }
        listener.accept(line);
    }

    /** The length of {@code bytes} without a UTF-8 sequence cut at its end. */
    static int completeUtf8Length(byte[] bytes) {
        int end = bytes.length;
        for (int back = 1; back <= Math.min(3, end); back++) {
            int b = bytes[end - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue;
            }
            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? end - back : end;
        }
        return end;
    }
}
