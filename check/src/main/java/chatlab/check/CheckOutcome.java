package chatlab.check;

import java.util.List;
import java.util.Optional;

/**
 * The result of one check: every judged rule, the notes (restarts and the like), each program the check ran with
 * its output, the captures made, and where the report went.
 *
 * @param target   server or client
 * @param command  the program under test, as one line
 * @param network  namespaces or local
 * @param results  one per rule judged, in the order of the catalogue
 * @param notes    what happened around the rules, in order
 * @param programs every program the check ran (the one under test, each start of it, and its helpers)
 * @param captures the capture files written, relative to the report folder
 * @param elapsedMillis how long the whole check took
 * @param report   the report folder, when one was asked for
 */
public record CheckOutcome(Target target, String command, Network network, List<RuleResult> results,
        List<String> notes, List<Program> programs, List<String> captures, long elapsedMillis,
        Optional<String> report) {
    public CheckOutcome {
        results = List.copyOf(results);
        notes = List.copyOf(notes);
        programs = List.copyOf(programs);
        captures = List.copyOf(captures);
    }

    /**
     * A program the check ran.
     *
     * @param label      server-1, client-alice-1, lab-client-lab1, ...
     * @param command    its command line
     * @param ended      how it ended: "exited with status 0", "stopped (SIGTERM)", "killed (ignored SIGTERM)"
     * @param transcript what was typed into it and what it printed, with times
     */
    public record Program(String label, String command, String ended, String transcript) {}

    /** Every required rule passed (and at least one rule was judged). */
    public boolean passed() {
        return !results.isEmpty() && results.stream().noneMatch(RuleResult::blocksPass);
    }

    public long count(Status status, Requirement requirement) {
        return results.stream().filter(r -> r.status() == status && r.rule().requirement() == requirement).count();
    }

    /** The ids of the rules that failed, required or advice. */
    public List<String> failedIds() {
        return results.stream().filter(r -> r.status() == Status.FAIL).map(r -> r.rule().id()).toList();
    }
}
