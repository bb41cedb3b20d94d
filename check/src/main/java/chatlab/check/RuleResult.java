package chatlab.check;

/** One rule's verdict in a run, with the scenario that produced what it judged. */
public record RuleResult(RuleInfo rule, String scenario, Verdict verdict) {
    public Status status() {
        return verdict.status();
    }

    /** A required rule that did not pass (failed, or could not be judged because the check went wrong). */
    public boolean blocksPass() {
        return rule.required() && (verdict.status() == Status.FAIL || verdict.status() == Status.ERROR);
    }
}
