package chatlab.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The messages already shown, by (sender, id): a chatroom message resent after a reconnect (a restarted server cannot
 * recognise it), a direct message whose acknowledgement was lost and came again, or came over UDP and then through the
 * server as a whisper, is shown once. Ids are chosen by their sender, so the same id from two senders is two
 * messages. The oldest are forgotten beyond a bound: resends come within seconds, not thousands of messages later.
 *
 * <p>Thread-safe.
 */
final class SeenMessages {
    /** How many (sender, id) pairs are remembered. */
    static final int REMEMBERED = 4096;

    private final Set<String> seen;

    SeenMessages() {
        this(REMEMBERED);
    }

    SeenMessages(int remembered) {
        seen = Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > remembered;
            }
        });
    }

    /** Whether this is the first time the message is seen (it is remembered from now on). */
    synchronized boolean firstSight(String sender, String id) {
        return seen.add(sender + "\u0000" + id);
    }
}
