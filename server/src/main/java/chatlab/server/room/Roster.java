package chatlab.server.room;

import chatlab.protocol.v2.Wire;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The server's roster: who is registered, under which name, in which order, whatever rooms they are in (user names
 * are unique in the server, and direct messages reach any user). Plain state without any network types, so its rules
 * are tested on their own. Not thread-safe: the server confines it to one thread, which is also what makes name
 * registration race-free. Who is in which room is {@link Rooms}'.
 *
 * @param <C> the transport's connection handle
 */
public final class Roster<C> {
    /** Outcome of a registration attempt. */
    public enum Registration { JOINED, NAME_TAKEN, LOOKS_LIKE_MEMBER, ALREADY_REGISTERED, ROOM_FULL, ADDRESS_FULL }

    private final Clock clock;
    private final int maxUsers;
    private final int maxUsersPerAddress;
    private final Map<String, Member<C>> byName = new LinkedHashMap<>();
    private final Map<C, Member<C>> byConnection = new HashMap<>();
    /** Members per address: silent users are never timed out, so this keeps a few hosts from filling the room. */
    private final Map<String, Integer> perAddress = new HashMap<>();
    /** Names are unique by what they read as, so nobody can pass for someone in the room (docs/SECURITY.md). */
    private final Map<String, Member<C>> bySkeleton = new HashMap<>();

    /** @param maxUsersPerAddress members one address may have; more are refused with {@code ADDRESS_FULL} */
    public Roster(Clock clock, int maxUsers, int maxUsersPerAddress) {
        this.clock = clock;
        this.maxUsers = maxUsers;
        this.maxUsersPerAddress = maxUsersPerAddress;
    }

    /**
     * @param skeleton {@code NameSkeleton.of(name)}, computed by the caller before it came to the room's thread; a
     *                 name whose skeleton a member's name has is refused ({@link Registration#LOOKS_LIKE_MEMBER})
     */
    public Registration register(C connection, String name, String skeleton, String address, int udpPort, Wire wire) {
        return register(connection, name, skeleton, address, udpPort, wire, false);
    }

    /** @param namesRooms a v2 client that listed the feature "rooms": the server's messages name their room */
    public Registration register(C connection, String name, String skeleton, String address, int udpPort, Wire wire,
            boolean namesRooms) {
        if (byConnection.containsKey(connection)) {
            return Registration.ALREADY_REGISTERED;
        }
        if (byName.containsKey(name)) {
            return Registration.NAME_TAKEN;
        }
        if (bySkeleton.containsKey(skeleton)) {
            return Registration.LOOKS_LIKE_MEMBER;
        }
        if (byName.size() >= maxUsers) {
            return Registration.ROOM_FULL;
        }
        if (perAddress.getOrDefault(address, 0) >= maxUsersPerAddress) {
            return Registration.ADDRESS_FULL;
        }
        // Milliseconds are all anyone reads from a join time; the nanoseconds would only be noise that every v2
        // user list carries and that deflate cannot shrink (about a third of a deflated list).
        Member<C> member = new Member<>(name, skeleton, address, udpPort, wire, connection,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), namesRooms);
        byName.put(name, member);
        bySkeleton.put(skeleton, member);
        byConnection.put(connection, member);
        perAddress.merge(address, 1, Integer::sum);
        return Registration.JOINED;
    }

    /** Removes the connection's member, if it had registered. */
    public Optional<Member<C>> leave(C connection) {
        Member<C> member = byConnection.remove(connection);
        if (member != null) {
            byName.remove(member.name());
            perAddress.computeIfPresent(member.address(), (address, count) -> count == 1 ? null : count - 1);
            bySkeleton.remove(member.skeleton());
        }
        return Optional.ofNullable(member);
    }

    public Optional<Member<C>> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The member whose name reads as this skeleton, if any. */
    public Optional<Member<C>> readingAs(String skeleton) {
        return Optional.ofNullable(bySkeleton.get(skeleton));
    }

    public Optional<Member<C>> memberOf(C connection) {
        return Optional.ofNullable(byConnection.get(connection));
    }

    /**
     * Members in registration order: a read-only view, not a copy (the fan-out walks it for every message), so it
     * must not be held across a change of the roster.
     */
    public Collection<Member<C>> members() {
        return Collections.unmodifiableCollection(byName.values());
    }

    public int size() {
        return byName.size();
    }
}
