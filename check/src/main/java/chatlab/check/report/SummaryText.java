package chatlab.check.report;

import chatlab.check.CheckOutcome;
import chatlab.check.Evidence;
import chatlab.check.Requirement;
import chatlab.check.RuleResult;
import chatlab.check.Status;
import java.util.List;

/** The outcome for a person at a terminal: one line per rule, the evidence of each failure, the verdict last. */
public final class SummaryText {
    private SummaryText() {}

    public static String render(CheckOutcome outcome) {
        StringBuilder out = new StringBuilder();
        out.append("chatlab check ").append(outcome.target().word()).append(": ").append(outcome.command())
                .append(outcome.network() == chatlab.check.Network.NAMESPACES ? "  (in the lab's network)"
                        : "  (on the loopback)")
                .append("\n\n");
        for (RuleResult r : outcome.results()) {
            out.append(String.format("  %-7s %-8s %-24s %s%n", mark(r), r.rule().requirement().word(), r.rule().id(),
                    r.rule().title()));
            if (r.status() != Status.PASS) {
                appendDetails(out, r);
            }
        }
        if (!outcome.notes().isEmpty()) {
            out.append("\nNotes:\n");
            outcome.notes().forEach(n -> out.append("  - ").append(n).append('\n'));
        }
        out.append('\n').append(counts(outcome)).append('\n');
        outcome.report().ifPresent(r -> out.append("Report: ").append(r).append("/report.md\n"));
        out.append(outcome.passed() ? "RESULT: PASS (every required rule passed)\n"
                : "RESULT: FAIL (" + String.join(", ", blocking(outcome)) + ")\n");
        return out.toString();
    }

    /** PASS, FAIL, N/A, ERROR; an advice rule that failed shows as "advice" to set it apart from a required one. */
    static String mark(RuleResult r) {
        return switch (r.status()) {
            case PASS -> "pass";
            case FAIL -> r.rule().required() ? "FAIL" : "ADVICE";
            case NOT_APPLICABLE -> "n/a";
            case ERROR -> "ERROR";
        };
    }

    private static void appendDetails(StringBuilder out, RuleResult r) {
        String pad = "          ";
        if (!r.verdict().expected().isEmpty()) {
            out.append(pad).append("expected: ").append(r.verdict().expected()).append('\n');
        }
        out.append(pad).append("seen:     ").append(r.verdict().seen()).append('\n');
        for (Evidence e : r.verdict().evidence()) {
            out.append(pad).append("  - ").append(e.text());
            e.frame().ifPresent(f -> out.append("  [").append(f).append(']'));
            out.append('\n');
        }
        if (r.status() == Status.FAIL) {
            out.append(pad).append("lab:      \"").append(r.rule().labText()).append("\" (").append(r.rule().labPlace())
                    .append(")\n");
        }
    }

    static String counts(CheckOutcome o) {
        return "Required rules: " + o.count(Status.PASS, Requirement.REQUIRED) + " passed, "
                + o.count(Status.FAIL, Requirement.REQUIRED) + " failed"
                + optional(o.count(Status.ERROR, Requirement.REQUIRED), " could not be judged")
                + optional(o.count(Status.NOT_APPLICABLE, Requirement.REQUIRED), " not applicable")
                + ". Advice: " + o.count(Status.PASS, Requirement.ADVICE) + " followed, "
                + o.count(Status.FAIL, Requirement.ADVICE) + " not followed"
                + optional(o.count(Status.NOT_APPLICABLE, Requirement.ADVICE) + o.count(Status.ERROR, Requirement.ADVICE),
                        " not judged")
                + ".";
    }

    private static String optional(long n, String words) {
        return n == 0 ? "" : ", " + n + words;
    }

    static List<String> blocking(CheckOutcome o) {
        List<String> ids = o.results().stream().filter(RuleResult::blocksPass).map(r -> r.rule().id()).toList();
        return ids.isEmpty() ? List.of("no rule was judged") : ids;
    }
}
