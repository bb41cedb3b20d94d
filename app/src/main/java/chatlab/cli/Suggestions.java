package chatlab.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The names nearest to a mistyped one: what "did you mean" offers. */
final class Suggestions {
    /** At most this many names are offered when several are equally near. */
    static final int MAX_SUGGESTIONS = 3;

    private Suggestions() {}

    /**
     * The candidates at the smallest edit distance from {@code typed}, if that distance is small for its length (a
     * third of the longer name, at least 1), in the candidates' order. Leading dashes are not compared, so
     * {@code -name} finds {@code --name}; a candidate that starts with what was typed (4 characters or more) counts
     * as one edit away, so {@code --max-conn} finds {@code --max-connections}.
     */
    static List<String> nearest(String typed, Collection<String> candidates) {
        String bare = stripDashes(typed);
        int best = Integer.MAX_VALUE;
        List<String> nearest = new ArrayList<>();
        for (String candidate : candidates) {
            String name = stripDashes(candidate);
            int distance = EditDistance.between(bare, name);
            if (bare.length() >= 4 && name.startsWith(bare)) {
                distance = Math.min(distance, 1);
            }
            if (distance > Math.max(1, Math.max(bare.length(), name.length()) / 3)) {
                continue;
            }
            if (distance < best) {
                best = distance;
                nearest.clear();
            }
            if (distance == best && !nearest.contains(candidate) && nearest.size() < MAX_SUGGESTIONS) {
                nearest.add(candidate);
            }
        }
        return nearest;
    }

    private static String stripDashes(String name) {
        int i = 0;
        while (i < name.length() && name.charAt(i) == '-') {
            i++;
        }
        return name.substring(i);
    }
}
