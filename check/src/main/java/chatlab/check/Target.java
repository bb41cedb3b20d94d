package chatlab.check;

import java.util.Locale;

/** What the program under test is: the lab's server, or the lab's client. */
public enum Target {
    SERVER,
    CLIENT;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Target parse(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
