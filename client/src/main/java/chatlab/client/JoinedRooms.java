package chatlab.client;

import chatlab.client.p2p.AnnouncedPeers;
import chatlab.protocol.RoomNames;
import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.RoomSummary;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.UserInfo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rooms a v2 client is in, and the one it talks in (docs/PROTOCOL.md, *Rooms*): one {@link RoomView} per room,
 * each room's numbering (epoch and last seq seen, so a reconnect resumes every room where it left off) and topic.
 * Rooms are told apart by what their names read as ({@link RoomNames#key}), and shown as the server spells them.
 *
 * <p>With a server from before rooms (its welcome did not take the feature {@code rooms}), or before the first
 * welcome, the client is in that server's one room, kept as before rooms ({@link #lone}): the welcome and the
 * presence messages without a room name.
 *
 * <p>After a welcome the rooms asked for (in the hello, or by {@code /join} since) are <em>awaited</em> until the
 * server answers each with its state or a refusal. Meanwhile a direct message to a name not known yet is held
 * (as {@link RoomView} holds one while its room is on its way) and released once nothing is awaited.
 *
 * <p>Thread-safe (the datagram receiver asks it who is where); never calls out while it holds its lock.
 */
final class JoinedRooms implements AnnouncedPeers {
    /** One room this client is in. */
    private static final class Room {
        private String name;
        private final RoomView view = new RoomView();
        /** The room's numbering (a new one after a server restart or once the room was dropped and made again). */
        private String epoch;
        private long lastSeq;
        private RoomTopic topic = RoomTopic.NONE;
        /** Named in the hello of a reconnect: its state, when it comes, is news of what changed while away. */
        private boolean rejoining;

        Room(String name) {
            this.name = name;
        }
    }

    /** The one room of a server from before rooms (and the welcome's users before it is known which it is). */
    private final RoomView lone = new RoomView();
    /** By key, in the order they were joined (the order the switch keys go through). */
    private final LinkedHashMap<String, Room> rooms = new LinkedHashMap<>();
    /** Asked for (hello or join) and not answered yet: key to the name as asked. */
    private final LinkedHashMap<String, String> asked = new LinkedHashMap<>();
    /** Of those, the one to talk in once it is here (the user's last /join, or the first --room); null for none. */
    private String talkOnArrival;
    /** Where messages go: a key of {@link #rooms}, or null when in none. */
    private String current;
    /** The server took the feature "rooms" (known at its welcome). */
    private boolean roomsOn;
    /** The last hello named no room: the server puts the client in its default room. */
    private boolean helloNamedNone;
    private String self;
    private UserInfo selfInfo;
    /** Sent again on this connection, told with the first room that is back. */
    private int resentToTell;
    private final List<UserInput.Direct> held = new ArrayList<>();

    /** @param startIn rooms to be in from the first hello ({@code --room}); empty for the server's default room */
    JoinedRooms(List<String> startIn) {
        for (String name : startIn) {
            asked.putIfAbsent(RoomNames.key(name), name);
        }
        talkOnArrival = startIn.isEmpty() ? null : RoomNames.key(startIn.get(0));
    }

    /**
     * The rooms the next hello names, each with where the client left off there; marks the rooms in it as coming
     * back. Null for none (the server's default room): before the first welcome with rooms when no room was asked
     * for. After one, the list as it is, even empty (a client that parted every room comes back in none).
     */
    synchronized List<ClientMessage.Join> hello() {
        List<ClientMessage.Join> named = new ArrayList<>();
        for (Room room : rooms.values()) {
            room.rejoining = true;
            named.add(new ClientMessage.Join(room.name, room.epoch == null ? null
                    : new ClientMessage.Resume(room.epoch, room.lastSeq)));
        }
        asked.forEach((key, name) -> {
            if (!rooms.containsKey(key)) {
                named.add(new ClientMessage.Join(name, null));
            }
        });
        helloNamedNone = named.isEmpty() && !roomsOn;
        return helloNamedNone ? null : named;
    }

    /**
     * A welcome on a (new) connection.
     *
     * @param resent how many of our messages were sent again on this connection
     * @return without rooms: the room, as {@link RoomView#welcome} shows it; with rooms: empty (each room comes in a
     *         {@code room} message next)
     */
    synchronized Optional<RoomNews> welcomed(ServerMessage.Welcome welcome, String self, int resent) {
        this.self = self;
        roomsOn = welcome.features().contains("rooms");
        if (!roomsOn) {
            return lone.welcome(self, welcome.users(), welcome.usersFollow(), resent);
        }
        selfInfo = welcome.users().stream().filter(u -> u.name().equals(self)).findFirst().orElse(null);
        resentToTell = resent;
        if (helloNamedNone && welcome.defaultRoom() != null) {
            String key = RoomNames.key(welcome.defaultRoom());
            asked.putIfAbsent(key, welcome.defaultRoom());
            talkOnArrival = talkOnArrival == null ? key : talkOnArrival;
        }
        return Optional.empty();
    }

    /** Whether the server has rooms (its last welcome took the feature). */
    synchronized boolean roomsOn() {
        return roomsOn;
    }

    /** Whether every room asked for has been answered (its state, or a refusal) since the last welcome. */
    synchronized boolean settled() {
        return !roomsOn || asked.isEmpty() && rooms.values().stream().noneMatch(r -> r.rejoining);
    }

    /**
     * What a room's state (the answer to a join or to the hello) did.
     *
     * @param talkHere the client talks in this room from now on (it did not before)
     */
    record Arrival(String room, Kind kind, Map<String, String> users, RoomTopic topic, Optional<RoomNews> back,
            boolean talkHere) {
        enum Kind {
            /** Newly in the room. */
            ENTERED,
            /** Back in it after a reconnect ({@link #back} says what changed while away). */
            BACK,
            /** Its state again (a join of a room one is in). */
            AGAIN
        }
    }

    /** A room's state: the client is in the room (again). */
    synchronized Arrival state(ServerMessage.RoomState state) {
        String key = RoomNames.key(state.room());
        asked.remove(key);
        boolean talk = key.equals(talkOnArrival);
        if (talk) {
            talkOnArrival = null;
        }
        RoomTopic topic = new RoomTopic(state.topic(), state.topicBy(), state.topicTime());
        List<UserInfo> users = withSelf(state.users());
        Room room = rooms.get(key);
        Arrival.Kind kind;
        Optional<RoomNews> back = Optional.empty();
        if (room == null) {
            room = new Room(state.room());
            rooms.put(key, room);
            room.view.welcome(self, users, false, 0);
            kind = Arrival.Kind.ENTERED;
        } else if (room.rejoining) {
            room.rejoining = false;
            back = room.view.welcome(self, users, false, resentToTell);
            resentToTell = 0;
            kind = Arrival.Kind.BACK;
        } else {
            room.view.welcome(self, users, false, 0);
            kind = Arrival.Kind.AGAIN;
        }
        String before = current;
        room.name = state.room();
        room.topic = topic;
        if (!state.epoch().equals(room.epoch)) {
            room.epoch = state.epoch(); // a new numbering: what it replays starts again from its first
            room.lastSeq = 0;
        }
        if (talk || current == null) {
            current = key;
        }
        return new Arrival(room.name, kind, room.view.addresses().orElse(Map.of()), topic, back,
                key.equals(current) && !key.equals(before));
    }

    /** The room's members as last announced, this client among them (its own join is announced after). */
    private List<UserInfo> withSelf(List<UserInfo> users) {
        if (selfInfo == null || users.stream().anyMatch(u -> u.name().equals(self))) {
            return users;
        }
        List<UserInfo> all = new ArrayList<>(users);
        all.add(selfInfo);
        return all;
    }

    /** The direct messages held while rooms were on their way, once none is awaited any more; else none. */
    synchronized List<UserInput.Direct> releasable() {
        if (!settled() || held.isEmpty()) {
            return List.of();
        }
        List<UserInput.Direct> released = List.copyOf(held);
        held.clear();
        return released;
    }

    /** A presence message: of a room (with rooms), or of the one room; empty when it is not news here. */
    synchronized Optional<RoomNews> presence(ServerMessage.Presence presence) {
        if (presence.room() == null) {
            return lone.presence(presence);
        }
        Room room = rooms.get(RoomNames.key(presence.room()));
        return room == null ? Optional.empty() : room.view.presence(presence);
    }

    /** One user joined (a server from before presence messages). */
    synchronized Optional<RoomNews> joined(UserInfo user) {
        return lone.joined(user);
    }

    /** One user left (a server from before presence messages). */
    synchronized Optional<RoomNews> left(String name) {
        return lone.left(name);
    }

    /** A message was seen: where a reconnect resumes that room. */
    synchronized void seen(String roomName, long seq) {
        Room room = roomName == null ? null : rooms.get(RoomNames.key(roomName));
        if (room != null) {
            room.lastSeq = Math.max(room.lastSeq, seq);
        }
    }

    /** A room's topic was set or cleared; empty when the client is not in that room. */
    synchronized Optional<RoomTopic> topic(ServerMessage.Topic topic) {
        Room room = rooms.get(RoomNames.key(topic.room()));
        if (room == null) {
            return Optional.empty();
        }
        room.topic = new RoomTopic(topic.text(), topic.by(), topic.time());
        return Optional.of(room.topic);
    }

    /**
     * The client left a room (the server confirmed it, or it was not joined again after a reconnect).
     *
     * @return the room it talks in now, when that changed (null: none); empty when it did not change
     */
    synchronized Optional<Optional<String>> parted(String roomName) {
        String key = RoomNames.key(roomName);
        if (rooms.remove(key) == null || !key.equals(current)) {
            return Optional.empty();
        }
        current = rooms.isEmpty() ? null : rooms.keySet().iterator().next();
        return Optional.of(talkingIn());
    }

    /**
     * The server refused a join (or a room of the hello) of {@code roomName}: it is not awaited any more; a room the
     * client was in and could not join again after a reconnect is dropped.
     *
     * @return whether the client was in that room until now
     */
    synchronized boolean refused(String roomName) {
        String key = RoomNames.key(roomName);
        asked.remove(key);
        if (key.equals(talkOnArrival)) {
            talkOnArrival = null;
        }
        Room room = rooms.get(key);
        if (room == null || !room.rejoining) {
            return false;
        }
        rooms.remove(key);
        if (key.equals(current)) {
            current = rooms.isEmpty() ? null : rooms.keySet().iterator().next();
        }
        return true;
    }

    /**
     * The user asked to join {@code roomName}.
     *
     * @return the room's name as the server spells it when the client is in it already (it only switches there);
     *         empty when it is to be asked of the server (and is awaited from now on)
     */
    synchronized Optional<String> join(String roomName) {
        String key = RoomNames.key(roomName);
        Room room = rooms.get(key);
        if (room != null) {
            current = key;
            return Optional.of(room.name);
        }
        asked.putIfAbsent(key, roomName);
        talkOnArrival = key;
        return Optional.empty();
    }

    /** The room the client talks in, as the server spells it; empty when in none (or without rooms). */
    synchronized Optional<String> talkingIn() {
        return Optional.ofNullable(current).map(key -> rooms.get(key).name);
    }

    /** The room named, as the server spells it, when the client is in it. */
    synchronized Optional<String> spelled(String roomName) {
        return Optional.ofNullable(rooms.get(RoomNames.key(roomName))).map(room -> room.name);
    }

    /** Talk in {@code roomName} from now on; empty when the client is not in it. */
    synchronized Optional<String> switchTo(String roomName) {
        String key = RoomNames.key(roomName);
        if (!rooms.containsKey(key)) {
            return Optional.empty();
        }
        current = key;
        return Optional.of(rooms.get(key).name);
    }

    /**
     * Talk in the next room ({@code step} 1) or the previous one (-1), in the order they were joined, round.
     *
     * @return the room talked in now; empty when there is no other room to go to
     */
    synchronized Optional<String> cycle(int step) {
        if (rooms.size() < 2 || current == null) {
            return Optional.empty();
        }
        List<String> keys = new ArrayList<>(rooms.keySet());
        int at = Math.floorMod(keys.indexOf(current) + step, keys.size());
        current = keys.get(at);
        return Optional.of(rooms.get(current).name);
    }

    /** Every room the client is in, in the order they were joined, as the server spells them. */
    synchronized List<String> names() {
        return rooms.values().stream().map(room -> room.name).toList();
    }

    /** How lines about {@code roomName} are labelled: by the room when the client is in more than one; else null. */
    synchronized String label(String roomName) {
        if (roomName == null || rooms.size() < 2) {
            return null;
        }
        Room room = rooms.get(RoomNames.key(roomName));
        return room == null ? roomName : room.name;
    }

    /** The current room's topic; empty when in none. */
    synchronized Optional<RoomTopic> currentTopic() {
        return Optional.ofNullable(current).map(key -> rooms.get(key).topic);
    }

    /** The answer to /rooms, each row marked when the client is in it or talks in it. */
    synchronized List<RoomRow> rows(List<RoomSummary> summaries) {
        return summaries.stream().map(s -> {
            String key = RoomNames.key(s.room());
            return new RoomRow(s.room(), s.members(), s.topic(), rooms.containsKey(key), key.equals(current));
        }).toList();
    }

    /** Who is called {@code name} in any of the client's rooms. */
    synchronized Optional<UserInfo> user(String name) {
        if (!roomsOn) {
            return lone.user(name);
        }
        return rooms.values().stream().map(room -> room.view.user(name)).flatMap(Optional::stream).findFirst();
    }

    /** Holds a direct message to a name not known yet while rooms are on their way; false when none is. */
    synchronized boolean hold(UserInput.Direct direct) {
        if (!roomsOn) {
            return lone.hold(direct);
        }
        if (settled() || held.size() >= RoomView.MAX_DIRECTS_BEFORE_SNAPSHOT) {
            return false;
        }
        held.add(direct);
        return true;
    }

    /** Direct messages held until the rooms arrive. */
    synchronized int held() {
        return held.size() + lone.held();
    }

    /** The users of the room the client talks in (name to address); empty before the server sent them. */
    synchronized Optional<Map<String, String>> addresses() {
        if (!roomsOn) {
            return lone.addresses();
        }
        return current == null ? Optional.empty() : rooms.get(current).view.addresses();
    }

    /** Everyone in any of the client's rooms, each once. */
    synchronized Collection<String> everyone() {
        Set<String> names = new LinkedHashSet<>();
        if (!roomsOn) {
            lone.addresses().ifPresent(map -> names.addAll(map.keySet()));
        }
        rooms.values().forEach(room -> room.view.addresses().ifPresent(map -> names.addAll(map.keySet())));
        return names;
    }

    @Override
    public synchronized Optional<String> nameAt(InetSocketAddress source) {
        if (!roomsOn) {
            return lone.nameAt(source);
        }
        return rooms.values().stream().map(room -> room.view.nameAt(source)).flatMap(Optional::stream).findFirst();
    }

    @Override
    public synchronized boolean isAt(String name, InetSocketAddress source) {
        return !roomsOn ? lone.isAt(name, source) : rooms.values().stream().anyMatch(room -> room.view.isAt(name, source));
    }
}
