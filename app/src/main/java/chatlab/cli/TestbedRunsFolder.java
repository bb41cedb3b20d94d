package chatlab.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Where {@code chatlab testbed run} writes a run when --out is not given: outside the source tree (a run started in
 * a clone once left an untracked folder in the repository), under the XDG state directory, one folder per run.
 */
final class TestbedRunsFolder {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private TestbedRunsFolder() {}

    /**
     * {@code $XDG_STATE_HOME/chatlab/testbed-runs}, else {@code ~/.local/state/chatlab/testbed-runs}. The XDG Base
     * Directory Specification (0.8) defines XDG_STATE_HOME for data that persists between runs but is not worth a
     * backup, with that default, and says a relative path in it is invalid and ignored.
     */
    static Path base(Map<String, String> env, String home) {
        String state = env.get("XDG_STATE_HOME");
        Path root = state != null && !state.isEmpty() && Path.of(state).isAbsolute() ? Path.of(state)
                : Path.of(home, ".local", "state");
        return root.resolve("chatlab").resolve("testbed-runs");
    }

    /** A new run's folder: testbed-run-DATE-TIME under the base. */
    static Path newRun(Path base, LocalDateTime now) {
        return base.resolve("testbed-run-" + now.format(STAMP));
    }

    static Path newRun() {
        return newRun(base(System.getenv(), System.getProperty("user.home")), LocalDateTime.now());
    }
}
