package chatlab.server.room;

import chatlab.protocol.v2.Wire;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One chat room's state: its name, its topic and its members in the order they came in. Plain state without network
 * types; confined to the server's room thread. {@link Rooms} decides who may come in.
 *
 * @param <C> the transport's connection handle
 */
public final class Room<C> {
    /** A room's topic, and who set it when. */
    public record Topic(String text, String by, Instant time) {}

    private final String name;
    private final String key;
    private final Map<String, Member<C>> members = new LinkedHashMap<>();
    private final LabMapBytes<C> labMap = new LabMapBytes<>();
    private int labMembers;
    private long changes;
    private Topic topic;

    /**
     * @param name as its creator spelled it
     * @param key  what the name reads as ({@code RoomNames.key}): the room's identity
     */
    public Room(String name, String key) {
        this.name = name;
        this.key = key;
    }

    public String name() {
        return name;
    }

    public String key() {
        return key;
    }

    /** Adds the member; false when it is in already. */
    boolean add(Member<C> member) {
        if (members.putIfAbsent(member.name(), member) != null) {
            return false;
        }
        labMap.added(member);
        if (member.wire() == Wire.LAB) {
            labMembers++;
        }
        changes++;
        return true;
    }

    /** Removes the member; false when it was not in. */
    boolean remove(Member<C> member) {
        if (!members.remove(member.name(), member)) {
            return false;
        }
        labMap.removed(member);
        if (member.wire() == Wire.LAB) {
            labMembers--;
        }
        changes++;
        return true;
    }

    public boolean has(Member<C> member) {
        return members.get(member.name()) == member;
    }

    /**
     * Members in the order they came in: a read-only view, not a copy (the fan-out walks it for every message), so it
     * must not be held across a change of the room.
     */
    public Collection<Member<C>> members() {
        return Collections.unmodifiableCollection(members.values());
    }

    public int size() {
        return members.size();
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** Members speaking the lab wire (only the default room has any). */
    public int labMembers() {
        return labMembers;
    }

    /** Counts every join and leave: a lab map made at one count holds for as long as it stays the same. */
    public long changes() {
        return changes;
    }

    /** Name to address, in the order they came in: the lab's {@code ACTIVE_USERS} for this room. */
    public Map<String, String> userMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (Member<C> member : members.values()) {
            map.put(member.name(), member.address());
        }
        return map;
    }

    /**
     * The lab's user map of this room as chatlab sends it ({@code LabFormat.paddedUserMapBytes(userMap())}), made from
     * each member's entry encoded once.
     */
    public byte[] labMapBytes() {
        return labMap.padded(members.values());
    }

    public Optional<Topic> topic() {
        return Optional.ofNullable(topic);
    }

    /** Sets the topic; null (or empty text) clears it. */
    public void topic(Topic value) {
        topic = value == null || value.text().isEmpty() ? null : value;
    }
}
