package chatlab.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who came and who went between two user lists (name to address), each in its list's order: what a client shows
 * after a reconnect, or when the lab wire sends a whole new map.
 *
 * @param joined in the later list only, name to its address there
 * @param left   in the earlier list only
 */
record RosterDiff(Map<String, String> joined, List<String> left) {
    RosterDiff {
        joined = Collections.unmodifiableMap(new LinkedHashMap<>(joined));
        left = List.copyOf(left);
    }

    static RosterDiff between(Map<String, String> before, Map<String, String> after) {
        Map<String, String> joined = new LinkedHashMap<>();
        after.forEach((name, address) -> {
            if (!before.containsKey(name)) {
                joined.put(name, address);
            }
        });
        List<String> left = before.keySet().stream().filter(name -> !after.containsKey(name)).toList();
        return new RosterDiff(joined, left);
    }

    /** Shows the joins, then the leaves. */
    void show(ClientOutput output) {
        joined.forEach(output::joined);
        left.forEach(output::left);
    }
}
