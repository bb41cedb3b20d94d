package chatlab.protocol;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules a room name follows, beside the user names' ({@link NameRules}): {@code #} and then 1 to
 * {@link #MAX_CHARS} letters, digits (of any script), {@code -}, {@code _} and {@code .}, with at least one letter or
 * digit; combining marks may follow a letter or digit (an accent typed as a letter and a mark). Rooms are told apart
 * by what their names read as ({@link #key}, the names' look-alike form), so {@code #Dev}, {@code #dev} and
 * {@code #dеv} with a Cyrillic {@code е} are one room, whose name is spelled as its creator spelled it. No room may
 * read as {@code #} and a reserved user name ({@code #server}, {@code #admin}...): it would pass for the server's own.
 */
public final class RoomNames {
    /** Every room name begins with it, as IRC channels do; a user name may not (NameRules). */
    public static final char PREFIX = '#';
    /** Characters after the {@code #}, at most (code points). */
    public static final int MAX_CHARS = 32;
    /** The lab's one chatroom, where every lab client is; {@code chatlab server --default-room} changes it. */
    public static final String DEFAULT_ROOM = "#general";

    private static final Set<String> RESERVED_KEYS = NameRules.RESERVED.stream()
            .map(name -> NameSkeleton.of(PREFIX + name)).collect(Collectors.toUnmodifiableSet());

    private RoomNames() {}

    /** Returns why {@code name} may not name a room, or empty when it may. */
    public static Optional<String> problemWith(String name) {
        if (name.isEmpty() || name.charAt(0) != PREFIX) {
            return Optional.of("a room name begins with '" + PREFIX + "'");
        }
        String rest = name.substring(1);
        int chars = rest.codePointCount(0, rest.length());
        if (chars < 1 || chars > MAX_CHARS) {
            return Optional.of("a room name has 1 to " + MAX_CHARS + " characters after '" + PREFIX + "', not " + chars);
        }
        boolean letterOrDigit = false;
        boolean markAllowed = false;
        for (int i = 0; i < rest.length(); ) {
            int cp = rest.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetter(cp) || Character.isDigit(cp)) {
                letterOrDigit = true;
                markAllowed = true;
            } else if (isMark(cp) && markAllowed) {
                // an accent after its letter
            } else if (cp == '-' || cp == '_' || cp == '.') {
                markAllowed = false;
            } else {
                return Optional.of(String.format(Locale.ROOT, "a room name may not contain %s (U+%04X); after '%c' "
                        + "only letters, digits, '-', '_' and '.' are allowed", shown(cp), cp, PREFIX));
            }
        }
        if (!letterOrDigit) {
            return Optional.of("a room name needs a letter or a digit");
        }
        if (RESERVED_KEYS.contains(key(name))) {
            return Optional.of("the room name \"" + name + "\" is reserved");
        }
        return Optional.empty();
    }

    /**
     * What the name reads as: two names with the same key are one room. The look-alike form of user names
     * ({@link NameSkeleton}): case, width, accents and letters of other scripts that pass for Latin set aside.
     */
    public static String key(String name) {
        return NameSkeleton.of(name);
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** A character as the problem names it: itself when visible, else only its code point. */
    private static String shown(int cp) {
        return Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.getType(cp) == Character.FORMAT
                ? "a space or control character" : "'" + new String(Character.toChars(cp)) + "'";
    }
}
