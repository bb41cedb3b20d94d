package chatlab.server.room;

import chatlab.protocol.lab.LabFormat;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A room's lab user map as bytes ({@link LabFormat#paddedUserMapBytes(Map)}), kept up to date entry by entry: each
 * member's entry is encoded once, when it comes in, and a join appends it to the map's entries, so the map a lab
 * newcomer is sent at once costs a copy, not an encoding of the whole room (in a room of 1,000 every join used to
 * encode 1,000 names). A leave makes the next map join the kept entries again. Confined to the room's thread.
 *
 * @param <C> the transport's connection handle
 */
final class LabMapBytes<C> {
    private static final byte[] SEPARATOR = {',', ' '};

    private final Map<Member<C>, byte[]> entries = new IdentityHashMap<>();
    private byte[] joined = new byte[256];
    private int length;
    /** A member left: {@link #joined} holds its entry and must be made again from the members. */
    private boolean stale;

    void added(Member<C> member) {
        byte[] entry = LabFormat.userMapEntryBytes(member.name(), member.address());
        entries.put(member, entry);
        if (!stale) {
            append(entry);
        }
    }

    void removed(Member<C> member) {
        if (entries.remove(member) != null) {
            stale = true;
        }
    }

    /** The padded map of these members (the room's, in its order). */
    byte[] padded(Collection<Member<C>> members) {
        if (stale) {
            length = 0;
            for (Member<C> member : members) {
                append(entries.get(member));
            }
            stale = false;
        }
        return LabFormat.paddedUserMapBytes(joined, length);
    }

    private void append(byte[] entry) {
        int needed = length + (length == 0 ? 0 : SEPARATOR.length) + entry.length;
        if (needed > joined.length) {
            joined = Arrays.copyOf(joined, Math.max(needed, joined.length * 2));
        }
        if (length > 0) {
            System.arraycopy(SEPARATOR, 0, joined, length, SEPARATOR.length);
            length += SEPARATOR.length;
        }
        System.arraycopy(entry, 0, joined, length, entry.length);
        length += entry.length;
    }
}
