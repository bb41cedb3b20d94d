package chatlab.auth;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registered names at one moment, arranged for the checks made at every registration, so none of them reads the
 * store or walks every name: the names themselves, the lengths they come in (for "begins with a registered name"),
 * and each name's skeleton (for look-alikes). Immutable; {@link RegisteredNamesRefresher} replaces it when the store
 * changes.
 *
 * <p>A snapshot may also stand for a store that could not be read ({@link #unreadable()}): it knows no names, and the
 * {@link Authenticator} then answers as it always did on a store error.
 */
public final class RegisteredNames {
    private static final RegisteredNames UNREADABLE = new RegisteredNames(false, Set.of(), new int[0], Map.of());

    private final boolean readable;
    private final Set<String> names;
    /** Every distinct length (in UTF-16 units, as String.startsWith counts) a registered name has, ascending. */
    private final int[] lengths;
    private final Map<String, List<String>> bySkeleton;

    private RegisteredNames(boolean readable, Set<String> names, int[] lengths, Map<String, List<String>> bySkeleton) {
        this.readable = readable;
        this.names = names;
        this.lengths = lengths;
        this.bySkeleton = bySkeleton;
    }

    /** Indexes these names; each skeleton is computed here once, not at every registration. */
    public static RegisteredNames of(Collection<String> registered) {
        Set<String> names = new HashSet<>(registered);
        Set<Integer> distinctLengths = new TreeSet<>();
        Map<String, List<String>> bySkeleton = new HashMap<>();
        for (String name : names) {
            distinctLengths.add(name.length());
            bySkeleton.computeIfAbsent(skeleton(name), key -> new ArrayList<>(1)).add(name);
        }
        int[] lengths = distinctLengths.stream().mapToInt(Integer::intValue).toArray();
        return new RegisteredNames(true, Set.copyOf(names), lengths, Map.copyOf(bySkeleton));
    }

    /** The store could not be read: nothing is known about which names are registered. */
    public static RegisteredNames unreadable() {
        return UNREADABLE;
    }

    public boolean readable() {
        return readable;
    }

    public int size() {
        return names.size();
    }

    public boolean contains(String name) {
        return names.contains(name);
    }

    /**
     * Whether some registered name is a proper prefix of {@code text} (the text is longer and starts with it). Only the
     * lengths registered names have are tried, each one hash lookup, so the cost follows the longest name, not the
     * number of accounts.
     */
    public boolean hasProperPrefixOf(String text) {
        for (int length : lengths) {
            if (length >= text.length()) {
                return false; // ascending: every later length is too long as well
            }
            if (names.contains(text.substring(0, length))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a registered name other than {@code name} itself has the same skeleton. */
    public boolean hasLookAlikeOf(String name) {
        List<String> sameSkeleton = bySkeleton.get(skeleton(name));
        if (sameSkeleton == null) {
            return false;
        }
        for (String registered : sameSkeleton) {
            if (!registered.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What is left of a name once case, width and compatibility forms, accents, and invisible joiners are set aside:
     * two names with the same skeleton read alike. Letters of other scripts that look the same (Cyrillic 'а' for
     * Latin 'a') keep their own skeleton; docs/SECURITY.md says so.
     */
    static String skeleton(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        decomposed.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK && type != Character.FORMAT) {
                out.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp)));
            }
        });
        return out.toString();
    }
}
