package chatlab.protocol;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules a user name must follow. They keep names unambiguous on the lab wire, where a relayed message is
 * {@code NAME: TEXT} and the client reads {@code @NAME:}, {@code #ls} and {@code !} specially.
 */
public final class NameRules {
    /**
     * Names no user may take: they would be mistaken for the server's own notices. Reserved in every case, width and
     * look-alike: a name whose {@link NameSkeleton} is one of theirs is refused too.
     */
    public static final Set<String> RESERVED = Set.of("server", "chatserver", "admin", "system", "non-registered");

    private static final Set<String> RESERVED_SKELETONS =
            RESERVED.stream().map(NameSkeleton::of).collect(Collectors.toUnmodifiableSet());

    private final int maxNameChars;

    public NameRules(int maxNameChars) {
        this.maxNameChars = maxNameChars;
    }

    /** Returns why {@code name} is not acceptable, or empty when it is. */
    public Optional<String> problemWith(String name) {
        return problemWith(name, NameSkeleton.of(name));
    }

    /**
     * The same, for a caller that has the name's skeleton already (the server computes it once per join and also
     * needs it for the room's uniqueness).
     *
     * @param skeleton {@code NameSkeleton.of(name)}
     */
    public Optional<String> problemWith(String name, String skeleton) {
        if (name.isEmpty()) {
            return Optional.of("the name is empty");
        }
        int codePoints = name.codePointCount(0, name.length());
        if (codePoints > maxNameChars) {
            return Optional.of("the name has " + codePoints + " characters; the limit is " + maxNameChars);
        }
        if (!name.strip().equals(name)) {
            return Optional.of("the name may not begin or end with spaces");
        }
        char first = name.charAt(0);
        if (first == '@' || first == '#' || first == '!' || first == '/' || first == '{') {
            return Optional.of("the name may not begin with '" + first + "'");
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (cp == ':') {
                return Optional.of("the name may not contain ':'");
            }
            if (isControl(cp)) {
                return Optional.of(String.format(Locale.ROOT, "the name may not contain control character U+%04X", cp));
            }
            i += Character.charCount(cp);
        }
        if (TextRules.hasMapMarker(name)) {
            // Every lab relay begins with the name: a lab client whose read starts at this '!' takes the rest for its
            // list of users (docs/PROTOCOL.md, "Message text").
            return Optional.of("the name may not contain '!' followed by '{'");
        }
        if (skeleton.isEmpty()) {
            return Optional.of("the name has no visible characters");
        }
        if (RESERVED_SKELETONS.contains(skeleton)) {
            return Optional.of("the name \"" + name + "\" is reserved");
        }
        return Optional.empty();
    }

    /**
     * Control, format (bidirectional overrides can disguise a name), separator and lone surrogate code points.
     * The zero-width joiner is a format character but is allowed: emoji sequences need it.
     */
    private static boolean isControl(int cp) {
        if (cp == 0x200D) {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE;
    }
}
