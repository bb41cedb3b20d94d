package chatlab.check;

/**
 * What a rule is: its id (such as {@code S-RELAY-OTHERS}), one line saying what it checks, whether it is required or
 * advice, and the lab text it comes from with where that text stands (docs/CHECK.md lists them all).
 *
 * @param id          stable id, {@code S-} for server rules and {@code C-} for client rules
 * @param title       what the program must do, one sentence
 * @param requirement required or advice
 * @param labText     the words of the lab (lab3-socket-programming) the rule comes from
 * @param labPlace    where they stand in the lab, such as "Milestone 1 skeleton, broadcast_msg"
 */
public record RuleInfo(String id, String title, Requirement requirement, String labText, String labPlace) {
    public RuleInfo {
        if (!id.matches("[SC](-[A-Z0-9]+)+")) {
            throw new IllegalArgumentException("a rule id is S- or C- and upper-case words: " + id);
        }
    }

    public static RuleInfo required(String id, String title, String labText, String labPlace) {
        return new RuleInfo(id, title, Requirement.REQUIRED, labText, labPlace);
    }

    public static RuleInfo advice(String id, String title, String labText, String labPlace) {
        return new RuleInfo(id, title, Requirement.ADVICE, labText, labPlace);
    }

    public boolean required() {
        return requirement == Requirement.REQUIRED;
    }
}
