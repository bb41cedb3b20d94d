package chatlab.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the last messages each name sent, with the room and sequence number each got, so a message resent after
 * a reconnect is acknowledged again instead of delivered twice. Ids are unique per name, whatever the room. Bounded
 * in both names and ids per name; confined to the room thread.
 */
final class RecentIds {
    /** Where a message went: its room and the seq it got there. */
    record Seen(String room, long seq) {}

    /** A message a name said with an id, as a log read back after a restart gives it. */
    record Said(String name, String id, String room, long seq) {}

    /** Ids remembered per name: far more than a client keeps unacknowledged. */
    static final int IDS_PER_NAME = 1024;
    /** Names remembered, including ones that left (a reconnecting client comes back under the same name). */
    static final int NAMES = 10_000;

    private final Map<String, Map<String, Seen>> byName = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Seen>> eldest) {
            return size() > NAMES;
        }
    };

    /** Where the message went the first time, or null when it is new. */
    Seen seen(String name, String id) {
        Map<String, Seen> ids = byName.get(name);
        return ids == null ? null : ids.get(id);
    }

    void remember(Said said) {
        remember(said.name(), said.id(), said.room(), said.seq());
    }

    void remember(String name, String id, String room, long seq) {
        byName.computeIfAbsent(name, n -> new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                return size() > IDS_PER_NAME;
            }
        }).put(id, new Seen(room, seq));
    }
}
