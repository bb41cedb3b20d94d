package chatlab.server.room;

import chatlab.protocol.RoomNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The server's rooms, by what their names read as, and who is in which: joining creates a room that does not exist
 * yet, within the limits of rooms per client and rooms per server. An empty room is kept, with its topic, while the
 * server runs; when a new room would pass the server's limit, the room that has been empty longest is dropped
 * to make space (told to {@code dropped}), and when none is empty the join is refused. The default room always
 * exists and is never dropped. Plain state without network types; confined to the server's room thread.
 *
 * @param <C> the transport's connection handle
 * @param <R> what the server keeps per room besides its {@link Room} state
 */
public final class Rooms<C, R extends Rooms.Held<C>> {
    /** What the server keeps per room: at least the room's state. */
    public interface Held<C> {
        Room<C> state();
    }

    /** Outcome of a join. */
    public enum Outcome {
        JOINED,
        /** The member is in the room already (a join again is answered with the room's state again). */
        ALREADY_IN,
        /** The member is in as many rooms as one client may be. */
        TOO_MANY_FOR_CLIENT,
        /** The server has as many rooms as it may, and none is empty. */
        SERVER_FULL
    }

    /** A join's outcome and the room it is about (null when the room does not exist). */
    public record Joining<R>(Outcome outcome, R room) {}

    private final int maxRooms;
    private final int maxRoomsPerClient;
    private final Function<Room<C>, R> create;
    private final Consumer<R> dropped;
    private final R defaultRoom;
    private final Map<String, R> byKey = new HashMap<>();
    private final Map<String, R> byName = new HashMap<>();
    /** Empty rooms by key, in the order they became empty: the first is dropped first. */
    private final Map<String, R> empty = new LinkedHashMap<>();
    private final Map<C, List<R>> byClient = new HashMap<>();

    /**
     * @param defaultRoom       the default room's name (it follows {@link RoomNames})
     * @param maxRooms          rooms the server may have, the default room included
     * @param maxRoomsPerClient rooms one client may be in, the default room included
     * @param create            makes what the server keeps for a new room
     * @param dropped           hears of a room dropped to make space (it was empty)
     */
    public Rooms(String defaultRoom, int maxRooms, int maxRoomsPerClient, Function<Room<C>, R> create,
            Consumer<R> dropped) {
        if (maxRooms < 1 || maxRoomsPerClient < 1) {
            throw new IllegalArgumentException("the room limits must be at least 1");
        }
        this.maxRooms = maxRooms;
        this.maxRoomsPerClient = maxRoomsPerClient;
        this.create = create;
        this.dropped = dropped;
        this.defaultRoom = add(new Room<>(defaultRoom, RoomNames.key(defaultRoom)));
    }

    public R defaultRoom() {
        return defaultRoom;
    }

    /** The room of that name: spelled as the server spells it, or reading the same (a look-alike of it). */
    public Optional<R> named(String name) {
        R room = byName.get(name);
        return Optional.ofNullable(room != null ? room : byKey.get(RoomNames.key(name)));
    }

    /**
     * Puts the member in the room whose name reads as {@code key}, making it (named {@code name}) if there is none.
     *
     * @param key {@code RoomNames.key(name)}, computed by the caller off the room's thread
     */
    public Joining<R> join(Member<C> member, String name, String key) {
        R room = byKey.get(key);
        if (room != null && room.state().has(member)) {
            return new Joining<>(Outcome.ALREADY_IN, room);
        }
        List<R> mine = byClient.get(member.connection());
        if (mine != null && mine.size() >= maxRoomsPerClient) {
            return new Joining<>(Outcome.TOO_MANY_FOR_CLIENT, room);
        }
        if (room == null) {
            if (byKey.size() >= maxRooms && !dropOldestEmpty()) {
                return new Joining<>(Outcome.SERVER_FULL, null);
            }
            room = add(new Room<>(name, key));
        }
        room.state().add(member);
        empty.remove(key);
        byClient.computeIfAbsent(member.connection(), c -> new ArrayList<>(2)).add(room);
        return new Joining<>(Outcome.JOINED, room);
    }

    /** Takes the member out of the room; false when it was not in. */
    public boolean part(Member<C> member, R room) {
        if (!room.state().remove(member)) {
            return false;
        }
        List<R> mine = byClient.get(member.connection());
        if (mine != null) {
            mine.remove(room);
            if (mine.isEmpty()) {
                byClient.remove(member.connection());
            }
        }
        emptied(room);
        return true;
    }

    /** Takes the member out of every room it is in (it left the server); returns those rooms. */
    public List<R> leaveAll(Member<C> member) {
        List<R> mine = byClient.remove(member.connection());
        if (mine == null) {
            return List.of();
        }
        for (R room : mine) {
            room.state().remove(member);
            emptied(room);
        }
        return mine;
    }

    /** The rooms the connection's member is in, in the order it joined them. */
    public List<R> roomsOf(C connection) {
        List<R> mine = byClient.get(connection);
        return mine == null ? List.of() : Collections.unmodifiableList(mine);
    }

    /** Every room, in no particular order. */
    public Collection<R> all() {
        return Collections.unmodifiableCollection(byKey.values());
    }

    public int size() {
        return byKey.size();
    }

    private R add(Room<C> state) {
        R room = create.apply(state);
        byKey.put(state.key(), room);
        byName.put(state.name(), room);
        return room;
    }

    private void emptied(R room) {
        if (room.state().isEmpty() && room != defaultRoom) {
            empty.put(room.state().key(), room);
        }
    }

    private boolean dropOldestEmpty() {
        var oldest = empty.entrySet().iterator();
        if (!oldest.hasNext()) {
            return false;
        }
        R room = oldest.next().getValue();
        oldest.remove();
        byKey.remove(room.state().key());
        byName.remove(room.state().name());
        dropped.accept(room);
        return true;
    }
}
