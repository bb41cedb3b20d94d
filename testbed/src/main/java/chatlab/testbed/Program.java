package chatlab.testbed;

import java.util.Locale;

/** Which implementation runs on a host: chatlab itself, or the lab's Python program. */
public enum Program {
    CHATLAB("chatlab"),
    PYTHON("python");

    private final String word;

    Program(String word) {
        this.word = word;
    }

    /** The word used on the command line and in summaries. */
    public String word() {
        return word;
    }

    public static Program parse(String text) {
        for (Program p : values()) {
            if (p.word.equals(text.strip().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a program; use chatlab or python");
    }
}
