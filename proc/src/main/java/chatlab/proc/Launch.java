package chatlab.proc;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a program: its command, environment and folder, whether its stderr joins its stdout, how much of
 * its output to keep, who sees its lines. By default it runs in a process group of its own ({@code setsid}), so it
 * is stopped with everything it started and a Ctrl-C at the terminal reaches only the JVM, which stops it in order.
 */
public final class Launch {
    /** Per output: 8 MiB, far more than any program here prints in a test or a run, little for a long server log. */
    public static final int DEFAULT_OUTPUT_LIMIT_BYTES = 8 * 1024 * 1024;
    /** Longer lines reach a {@link LineListener} in pieces of this size. */
    static final int MAX_LINE_BYTES = 1024 * 1024;

    private final List<String> command;
    private String label;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path directory;
    private boolean mergeStderr;
    private boolean ownGroup = true;
    private int outputLimitBytes = DEFAULT_OUTPUT_LIMIT_BYTES;
    private LineListener listener = LineListener.NONE;
    private Path stdoutCopy;
    private Path stderrCopy;
    private Path stdinFile;

    private Launch(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to run");
        }
        this.command = List.copyOf(command);
        this.label = Path.of(command.get(0)).getFileName().toString();
    }

    public static Launch of(List<String> command) {
        return new Launch(command);
    }

    public static Launch of(String... command) {
        return new Launch(List.of(command));
    }

    /** What to call it in messages; the program's file name by default. */
    public Launch label(String value) {
        label = Objects.requireNonNull(value);
        return this;
    }

    /** Variables added to (or replacing in) the environment it inherits. */
    public Launch environment(Map<String, String> values) {
        environment.putAll(values);
        return this;
    }

    public Launch directory(Path value) {
        directory = value;
        return this;
    }

    /** Its stderr goes to its stdout, in the order written (one buffer, one stream of lines). */
    public Launch mergeStderr() {
        mergeStderr = true;
        return this;
    }

    /**
     * In a process group of its own (the default): started through {@code setsid} (util-linux), which makes it a
     * session and group leader and then becomes it, so its PID is the program's own. A command that already starts
     * with setsid is left as it is. Without setsid on the machine it runs in the JVM's group.
     */
    public Launch ownGroup(boolean value) {
        ownGroup = value;
        return this;
    }

    /** How much of each output to keep in memory (see {@link RunningProcess#stdout}). */
    public Launch outputLimit(int bytes) {
        if (bytes < 2) {
            throw new IllegalArgumentException("the output limit must be at least 2 bytes, got " + bytes);
        }
        outputLimitBytes = bytes;
        return this;
    }

    /** Sees every line as it is read. */
    public Launch onLine(LineListener value) {
        listener = Objects.requireNonNull(value);
        return this;
    }

    /** Also writes everything it prints to these files, whole (stderr's is ignored when merged). */
    public Launch copyOutputTo(Path stdout, Path stderr) {
        stdoutCopy = stdout;
        stderrCopy = stderr;
        return this;
    }

    /** Its stdin is this file (e.g. /dev/null) instead of a pipe the caller writes to. */
    public Launch inputFrom(Path file) {
        stdinFile = file;
        return this;
    }

    /** The command as it will be run, setsid included when it gets a group of its own. */
    public List<String> commandLine() {
        boolean hasSetsid = Path.of(command.get(0)).getFileName().toString().equals("setsid");
        if (!ownGroup || hasSetsid) {
            return command;
        }
        return Programs.find("setsid").map(setsid -> {
            List<String> full = new ArrayList<>();
            full.add(setsid.toString());
            full.addAll(command);
            return List.copyOf(full);
        }).orElse(command);
    }

    /** Starts it; a program that cannot run fails here, as the JDK says it, setsid or not. */
    public RunningProcess start() throws IOException {
        List<String> line = commandLine();
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(mergeStderr);
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        if (line.size() > command.size()
                && !Programs.runnable(command.get(0), builder.environment().get("PATH"), directory)) {
            throw new IOException("Cannot run program \"" + command.get(0) + "\""
                    + (directory == null ? "" : " (in directory \"" + directory + "\")")
                    + ": error=2, No such file or directory");
        }
        if (stdinFile != null) {
            builder.redirectInput(stdinFile.toFile());
        }
        return new RunningProcess(label, command, builder.start(), mergeStderr, outputLimitBytes, listener,
                stdoutCopy, mergeStderr ? null : stderrCopy);
    }

    /**
     * Starts it, writes {@code input} to its stdin (nothing when null) and closes it, and waits at most
     * {@code timeout} for it to end; past that it is stopped at once (SIGKILL to its group) and the result says so.
     */
    public Finished run(String input, Duration timeout) throws IOException {
        try (RunningProcess process = start()) {
            if (input != null) {
                try {
                    process.send(input);
                } catch (IOException e) {
                    // It did not read its input; its exit status tells what happened.
                }
            }
            process.closeInput();
            boolean ended = process.awaitExit(timeout);
            if (!ended) {
                process.kill();
            }
            return new Finished(command, ended ? process.exitCode().orElse(-1) : -1, !ended, process.stdout(),
                    process.stderr());
        }
    }

    /** {@link #run(String, Duration)} with nothing on stdin. */
    public Finished run(Duration timeout) throws IOException {
        return run(null, timeout);
    }
}
