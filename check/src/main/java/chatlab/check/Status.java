package chatlab.check;

/** What a rule found. */
public enum Status {
    PASS("pass", "passed"),
    FAIL("fail", "FAILED"),
    /** The rule could not be judged and it is not the program's fault (a tool is missing, the rule was skipped). */
    NOT_APPLICABLE("n/a", "not applicable"),
    /** The check itself went wrong while playing the scenario; the report says how. Never counts as a pass. */
    ERROR("error", "ERROR (in the check)");

    private final String word;
    private final String shown;

    Status(String word, String shown) {
        this.word = word;
        this.shown = shown;
    }

    /** The word in the JSON output. */
    public String word() {
        return word;
    }

    /** The word in the summary. */
    public String shown() {
        return shown;
    }

    public static Status parse(String word) {
        for (Status s : values()) {
            if (s.word.equals(word)) {
                return s;
            }
        }
        throw new IllegalArgumentException("not a status: " + word);
    }
}
