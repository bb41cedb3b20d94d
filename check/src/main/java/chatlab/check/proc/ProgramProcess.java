package chatlab.check.proc;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A program the check runs (the program under test, the lab's Python client, tcpdump): the leader of a process
 * group of its own, typed into like a user at a terminal, its output kept in files (a pipe can lose its last bytes
 * when the program exits) that a thread follows. Every typed and printed line goes into one timeline, stamped with
 * the time since the check began, which is the program's transcript in the report.
 */
public final class ProgramProcess implements AutoCloseable {
    /** Where a line of the timeline comes from. */
    public enum Source {
        OUT("out"),
        ERR("err"),
        /** A line the check typed. */
        IN("in ");

        private final String tag;

        Source(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** One line: typed, or printed (complete, or a prompt printed without a newline that was then followed). */
    public record Line(long atMillis, Source source, String text) {}

    private static final long FOLLOW_PAUSE_MILLIS = 10;
    /** How long each program still running gets after SIGTERM when the JVM is being shut down (Ctrl-C). */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(1);
    /** Programs started and not stopped yet: a JVM shut down by a signal stops them on its way out. */
    private static final Set<ProgramProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(p -> p.stop(SHUTDOWN_GRACE)),
                "check-stop-programs"));
    }

    private final String label;
    private final List<String> command;
    private final Process process;
    private final OutputStream stdin;
    private final long origin;
    private final List<Line> lines = new ArrayList<>();
    private final StringBuilder[] partial = {new StringBuilder(), new StringBuilder()};
    private final Thread follower;
    private volatile ProcessGroups.Stopped stopped;

    private ProgramProcess(String label, List<String> command, Process process, Path out, Path err, long origin) {
        this.label = label;
        this.command = List.copyOf(command);
        this.process = process;
        this.stdin = process.getOutputStream();
        this.origin = origin;
        this.follower = new Thread(() -> follow(out, err), "check-output-" + label);
        this.follower.setDaemon(true);
        this.follower.start();
    }

    /**
     * Starts {@code command} (already wrapped so that it leads a process group of its own) with its output in
     * {@code dir/label.out} and {@code dir/label.err}.
     *
     * @param origin {@link System#nanoTime()} at the start of the check, for the timeline
     */
    public static ProgramProcess start(String label, List<String> command, Map<String, String> environment,
            Path dir, long origin) throws IOException {
        Files.createDirectories(dir);
        Path out = dir.resolve(label + ".out");
        Path err = dir.resolve(label + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        ProgramProcess started = new ProgramProcess(label, command, builder.start(), out, err, origin);
        RUNNING.add(started);
        return started;
    }

    public String label() {
        return label;
    }

    public List<String> command() {
        return command;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Optional<Integer> exitStatus() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** How the check's stop went, once it stopped the program. */
    public Optional<ProcessGroups.Stopped> stopped() {
        return Optional.ofNullable(stopped);
    }

    /** Types a line and Enter. False when the program no longer reads its input. */
    public boolean type(String line) {
        record(Source.IN, line);
        byte[] typed = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            stdin.write(typed);
            stdin.flush();
        } catch (IOException e) {
            return false; // it closed its input, or exited
        }
        return true;
    }

    /** Ctrl-D: the end of the program's input. */
    public void closeInput() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    /** A mark in the timeline: {@link #printedFrom} shows what came after it. */
    public int mark() {
        synchronized (lines) {
            return lines.size();
        }
    }

    public List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Printed lines (stdout and stderr) after the mark, with any prompt printed since but not ended yet. */
    public List<String> printedFrom(int mark) {
        List<String> printed = new ArrayList<>();
        synchronized (lines) {
            for (Line line : lines.subList(Math.min(mark, lines.size()), lines.size())) {
                if (line.source() != Source.IN) {
                    printed.add(line.text());
                }
            }
            for (StringBuilder p : partial) {
                if (p.length() > 0) {
                    printed.add(p.toString());
                }
            }
        }
        return printed;
    }

    /** Waits until a printed line after the mark matches; true when one did. */
    public boolean awaitPrinted(int mark, Duration timeout, Predicate<String> matching) throws InterruptedException {
        return Poll.until(timeout, () -> printedFrom(mark).stream().anyMatch(matching));
    }

    /** Waits for the program to exit by itself. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return Poll.until(timeout, () -> !process.isAlive());
    }

    /** Ends the program's whole process group: SIGTERM, {@code grace}, SIGKILL. Then reads its last output. */
    public ProcessGroups.Stopped stop(Duration grace) {
        closeInput();
        ProcessGroups.Stopped how = ProcessGroups.stop(process.toHandle(), grace);
        if (stopped == null) {
            stopped = how;
        }
        RUNNING.remove(this);
        try {
            follower.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return how;
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(2));
    }

    /** The timeline as text, one line each: {@code   1.234 out | text}. */
    public String transcript() {
        StringBuilder text = new StringBuilder();
        for (Line line : lines()) {
            text.append(String.format("%8.3f %s | %s%n", line.atMillis() / 1000.0, line.source().tag(), line.text()));
        }
        synchronized (lines) {
            for (int i = 0; i < partial.length; i++) {
                if (partial[i].length() > 0) {
                    text.append(String.format("%8s %s | %s%n", "", i == 0 ? "out" : "err", partial[i]));
                }
            }
        }
        return text.toString();
    }

    /** The last {@code n} printed lines, for evidence. */
    public List<String> lastPrinted(int n) {
        List<String> printed = printedFrom(0);
        return printed.subList(Math.max(0, printed.size() - n), printed.size());
    }

    private void record(Source source, String text) {
        synchronized (lines) {
            lines.add(new Line((System.nanoTime() - origin) / 1_000_000, source, text));
        }
    }

    private void follow(Path out, Path err) {
        CharsetDecoder[] decoders = {decoder(), decoder()};
        long[] positions = {0, 0};
        Path[] files = {out, err};
        Source[] sources = {Source.OUT, Source.ERR};
        try {
            while (true) {
                boolean exited = !process.isAlive();
                for (int i = 0; i < 2; i++) {
                    positions[i] = readNew(files[i], positions[i], decoders[i], i, sources[i]);
                }
                if (exited) {
                    return;
                }
                Thread.sleep(FOLLOW_PAUSE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    /** Reads what the file gained since {@code position}; a character cut at the end waits in the decoder. */
    private long readNew(Path file, long position, CharsetDecoder decoder, int stream, Source source) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length <= position) {
                return position;
            }
            byte[] bytes = new byte[(int) Math.min(length - position, 1 << 20)];
            raf.seek(position);
            raf.readFully(bytes);
            ByteBuffer in = ByteBuffer.wrap(bytes);
            CharBuffer chars = CharBuffer.allocate(bytes.length + 1);
            decoder.decode(in, chars, false);
            chars.flip();
            synchronized (lines) {
                StringBuilder pending = partial[stream];
                for (int i = 0; i < chars.length(); i++) {
                    char c = chars.charAt(i);
                    if (c == '\n') {
                        int end = pending.length();
                        if (end > 0 && pending.charAt(end - 1) == '\r') {
                            pending.setLength(end - 1);
                        }
                        lines.add(new Line((System.nanoTime() - origin) / 1_000_000, source, pending.toString()));
                        pending.setLength(0);
                    } else {
                        pending.append(c);
                    }
                }
            }
            return position + in.position();
        } catch (IOException e) {
            return position; // read again on the next turn
        }
    }
}
