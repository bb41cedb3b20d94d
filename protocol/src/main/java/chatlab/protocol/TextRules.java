package chatlab.protocol;

import java.util.Optional;

/**
 * The rules the text of a chatroom message or whisper follows on both wires. Lab clients print a relay raw, read
 * 1024 bytes at a time and take any read that starts with {@code !} for a user map, so a text that breaks one of
 * these rules could forge what a lab client shows or whom it sends to.
 */
public final class TextRules {
    private TextRules() {}

    /** Why a text may not be relayed. */
    public sealed interface Problem {
        /**
         * A C0 control (tab excepted), DEL or a C1 control: a lab client prints it raw, so a carriage return or an
         * escape sequence would erase the line and print a forged one.
         *
         * @param codePoint the first one in the text
         */
        record ControlCharacter(int codePoint) implements Problem {}

        /**
         * {@code !} then {@code {}, with only spaces or tabs between: where a lab client's read starts there (two
         * relays that arrive together move its read boundaries into the text), it takes the rest for a user map.
         * (Names may not hold one either: {@link NameRules}.)
         */
        record MapMarker() implements Problem {}
    }

    /** The first rule a message's text breaks, or empty when it may be relayed. */
    public static Optional<Problem> problemWith(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c)) {
                return Optional.of(new Problem.ControlCharacter(c));
            }
        }
        return hasMapMarker(text) ? Optional.of(new Problem.MapMarker()) : Optional.empty();
    }

    /** C0 controls but tab, DEL, and the C1 controls. All are single UTF-16 units, so a char test is exact. */
    public static boolean isControl(char c) {
        return (c < 0x20 && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0);
    }

    /**
     * Whether a lab client could read a map starting inside {@code text}: Python's {@code json.loads} skips JSON
     * whitespace (RFC 8259 section 2: space, tab, line feed, carriage return) before the value, and a value that is
     * not an object ({@code !"x"}) is no user list. Line feed and carriage return are control characters, refused
     * above.
     */
    public static boolean hasMapMarker(String text) {
        int bang = text.indexOf('!');
        while (bang >= 0) {
            int i = bang + 1;
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            if (i < text.length() && text.charAt(i) == '{') {
                return true;
            }
            bang = text.indexOf('!', bang + 1);
        }
        return false;
    }
}
