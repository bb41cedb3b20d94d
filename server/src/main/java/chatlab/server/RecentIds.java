package chatlab.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the last messages each name sent, with the sequence number each got, so a message resent after a
 * reconnect is acknowledged again instead of delivered twice. Bounded in both names and ids per name; confined
 * to the room thread.
 */
final class RecentIds {
    /** Ids remembered per name: far more than a client keeps unacknowledged. */
    static final int IDS_PER_NAME = 1024;
    /** Names remembered, including ones that left (a reconnecting client comes back under the same name). */
    static final int NAMES = 10_000;

    private final Map<String, Map<String, Long>> byName = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Long>> eldest) {
            return size() > NAMES;
        }
    };

    /** The sequence number the message got the first time, or null when it is new. */
    Long seqOf(String name, String id) {
        Map<String, Long> ids = byName.get(name);
        return ids == null ? null : ids.get(id);
    }

    void remember(String name, String id, long seq) {
        byName.computeIfAbsent(name, n -> new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > IDS_PER_NAME;
            }
        }).put(id, seq);
    }
}
