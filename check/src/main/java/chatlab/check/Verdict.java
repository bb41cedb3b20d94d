package chatlab.check;

import java.util.ArrayList;
import java.util.List;

/**
 * A rule's finding: its status, what the lab expects and what was seen (both one short paragraph), and the evidence
 * behind it (bytes, output lines, frames).
 */
public record Verdict(Status status, String expected, String seen, List<Evidence> evidence) {
    public Verdict {
        evidence = List.copyOf(evidence);
    }

    public static Verdict pass(String seen) {
        return new Verdict(Status.PASS, "", seen, List.of());
    }

    public static Verdict pass(String seen, List<Evidence> evidence) {
        return new Verdict(Status.PASS, "", seen, evidence);
    }

    public static Verdict fail(String expected, String seen, List<Evidence> evidence) {
        return new Verdict(Status.FAIL, expected, seen, evidence);
    }

    public static Verdict notApplicable(String why) {
        return new Verdict(Status.NOT_APPLICABLE, "", why, List.of());
    }

    public static Verdict error(String what) {
        return new Verdict(Status.ERROR, "", what, List.of());
    }

    /** The same verdict with more evidence at the end. */
    public Verdict withMoreEvidence(List<Evidence> more) {
        List<Evidence> all = new ArrayList<>(evidence);
        all.addAll(more);
        return new Verdict(status, expected, seen, all);
    }

    public Verdict withEvidence(List<Evidence> replaced) {
        return new Verdict(status, expected, seen, replaced);
    }
}
