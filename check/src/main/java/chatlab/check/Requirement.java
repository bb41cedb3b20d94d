package chatlab.check;

/** Whether a rule decides the verdict (the lab requires it) or only advises (the lab leaves it open). */
public enum Requirement {
    /** The lab's text or its skeleton asks for it: a failure fails the check (exit status not 0). */
    REQUIRED("required"),
    /** Good practice, or the lab's text is ambiguous: reported, never fails the check. */
    ADVICE("advice");

    private final String word;

    Requirement(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static Requirement parse(String word) {
        for (Requirement r : values()) {
            if (r.word.equals(word)) {
                return r;
            }
        }
        throw new IllegalArgumentException("not a requirement: " + word);
    }
}
