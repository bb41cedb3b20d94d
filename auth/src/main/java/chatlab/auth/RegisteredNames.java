package chatlab.auth;

import chatlab.protocol.NameSkeleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registered names at one moment, arranged for the checks made at every registration, so none of them reads the
 * store or walks every name: the names themselves, the lengths they come in (for "begins with a registered name"),
 * and each name's {@link NameSkeleton} (for look-alikes). Immutable; {@link RegisteredNamesRefresher} replaces it when the store
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
            bySkeleton.computeIfAbsent(NameSkeleton.of(name), key -> new ArrayList<>(1)).add(name);
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
        return properPrefixOf(text).isPresent();
    }

    /** The shortest registered name that is a proper prefix of {@code text}, if any; the cost as above. */
    public Optional<String> properPrefixOf(String text) {
        for (int length : lengths) {
            if (length >= text.length()) {
                return Optional.empty(); // ascending: every later length is too long as well
            }
            String prefix = text.substring(0, length);
            if (names.contains(prefix)) {
                return Optional.of(prefix);
            }
        }
        return Optional.empty();
    }

    /** Whether a registered name other than {@code name} itself reads the same ({@link NameSkeleton}). */
    public boolean hasLookAlikeOf(String name) {
        return lookAlikeOf(name, NameSkeleton.of(name)).isPresent();
    }

    /**
     * A registered name other than {@code name} itself with this skeleton, if any.
     *
     * @param skeleton {@code NameSkeleton.of(name)}, computed once by the caller
     */
    public Optional<String> lookAlikeOf(String name, String skeleton) {
        List<String> sameSkeleton = bySkeleton.get(skeleton);
        if (sameSkeleton == null) {
            return Optional.empty();
        }
        for (String registered : sameSkeleton) {
            if (!registered.equals(name)) {
                return Optional.of(registered);
            }
        }
        return Optional.empty();
    }
}
