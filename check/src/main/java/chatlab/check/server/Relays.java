package chatlab.check.server;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds relays in what a client received. The lab's relay is {@code NAME: TEXT } (with that trailing space); a
 * message too long for one read of the server reaches the others as several relays of its parts. Matching is
 * liberal where the lab leaves room: any short separator between the name and the text, any whitespace after.
 */
final class Relays {
    /** The most characters allowed between the sender's name and its text ({@code ": "} in the lab). */
    static final int MAX_SEPARATOR_CHARS = 8;

    private Relays() {}

    /** Whether {@code received} holds {@code text} attributed to {@code name}: the name, a short separator, the text. */
    static boolean attributed(String received, String name, String text) {
        for (int at = received.indexOf(text); at >= 0; at = received.indexOf(text, at + 1)) {
            int from = Math.max(0, at - name.length() - MAX_SEPARATOR_CHARS);
            String before = received.substring(from, at);
            int n = before.lastIndexOf(name);
            if (n >= 0 && before.substring(n + name.length()).chars().noneMatch(c -> c == '\n')) {
                return true;
            }
        }
        return false;
    }

    /** Whether the exact relay {@code NAME: TEXT } (one relay, the lab's bytes) is in {@code received}. */
    static boolean exact(String received, String name, String text) {
        return received.contains(name + ": " + text + " ");
    }

    /**
     * The text of {@code name}'s relays in {@code received}, joined: each relay is {@code NAME: PART} and what
     * follows it up to the next relay of that name, with the whitespace at its end (the lab's trailing space,
     * chatlab's padding) dropped. Meant for texts without spaces, as the long messages the check sends.
     */
    static String joinedParts(String received, String name) {
        String prefix = name + ": ";
        List<String> parts = new ArrayList<>();
        int at = received.indexOf(prefix);
        while (at >= 0) {
            int start = at + prefix.length();
            int next = received.indexOf(prefix, start);
            parts.add(received.substring(start, next < 0 ? received.length() : next).stripTrailing());
            at = next;
        }
        return String.join("", parts);
    }

    /** How many relays of {@code name} {@link #joinedParts} found. */
    static int partCount(String received, String name) {
        String prefix = name + ": ";
        int count = 0;
        for (int at = received.indexOf(prefix); at >= 0; at = received.indexOf(prefix, at + prefix.length())) {
            count++;
        }
        return count;
    }
}
