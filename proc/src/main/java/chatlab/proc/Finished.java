package chatlab.proc;

import java.util.List;

/**
 * A program run to its end by {@link Launch#run}.
 *
 * @param exitCode its exit status; -1 when it timed out (it was stopped)
 * @param timedOut it did not end within the time it was given, and was stopped
 * @param stdout   what it wrote to stdout (with stderr, when they were merged), bounded as {@link RunningProcess#stdout}
 */
public record Finished(List<String> command, int exitCode, boolean timedOut, String stdout, String stderr) {
    public boolean ok() {
        return !timedOut && exitCode == 0;
    }

    /** The end of its output (stdout, then stderr) for a message. */
    public String tail(int maxChars) {
        return tail(stdout + stderr, maxChars);
    }

    /** The last {@code maxChars} characters of {@code output}, stripped; "(no output)" when there are none. */
    static String tail(String output, int maxChars) {
        String text = output.strip();
        return text.isEmpty() ? "(no output)" : text.substring(Math.max(0, text.length() - maxChars));
    }
}
