package chatlab.testbed;

import java.nio.file.Path;
import java.util.List;

/**
 * How a run went.
 *
 * @param out         the run's folder
 * @param summary     its summary.txt
 * @param summaryText the summary, as written there
 * @param problems    crashes, messages that did not arrive, timeouts; empty when all went well
 * @param interrupted whether Ctrl-C (or SIGTERM) cut the run short
 * @param pids        every process the run started, ended by the time this is returned
 */
public record RunResult(Path out, Path summary, String summaryText, List<String> problems, boolean interrupted,
        List<Long> pids) {
    public RunResult {
        problems = List.copyOf(problems);
        pids = List.copyOf(pids);
    }

    public boolean ok() {
        return problems.isEmpty() && !interrupted;
    }
}
