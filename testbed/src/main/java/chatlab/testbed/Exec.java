package chatlab.testbed;

import chatlab.proc.Finished;
import chatlab.proc.Launch;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Runs short commands (ip, nft, ethtool) with a time bound and returns their output. */
public final class Exec {
    /** Long enough for a loaded two-core machine; these commands normally take milliseconds. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /** The outcome of one command: its exit status and its standard output and error, merged. */
    public record Result(List<String> command, int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** A one-line description for error messages: the command and the first line it printed. */
        public String describe() {
            String first = output.strip().lines().findFirst().orElse("no output");
            return "`" + String.join(" ", command) + "` failed (exit " + exitCode + "): " + first;
        }
    }

    private Exec() {}

    /** Runs the command; a non-zero exit is returned, not thrown. */
    public static Result run(List<String> command) throws TestbedException {
        return run(command, null, DEFAULT_TIMEOUT);
    }

    /** Runs the command with {@code input} on its stdin (nothing when null) and waits at most {@code timeout}. */
    public static Result run(List<String> command, String input, Duration timeout) throws TestbedException {
        Finished finished;
        try {
            finished = Launch.of(command).mergeStderr().run(input, timeout);
        } catch (IOException e) {
            throw new TestbedException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        if (finished.timedOut()) {
            throw new TestbedException("`" + String.join(" ", command) + "` did not finish within "
                    + timeout.toSeconds() + " s");
        }
        return new Result(command, finished.exitCode(), finished.stdout());
    }

    /** Runs the command and returns its output; a non-zero exit becomes a {@link TestbedException}. */
    public static String check(List<String> command) throws TestbedException {
        Result result = run(command);
        if (!result.ok()) {
            throw new TestbedException(result.describe());
        }
        return result.output();
    }
}
