package chatlab.server;

import chatlab.protocol.RoomNames;

/**
 * The server's rooms: which one is the default (the lab's one chatroom, where every user is put when it registers
 * and every lab client stays), and how many there may be (docs/LIMITS.md, "Rooms").
 *
 * @param defaultRoom       the default room's name; it follows {@link RoomNames}
 * @param maxRooms          rooms on the server, the default room and empty rooms included: a new room beyond it
 *                          drops the room that has been empty longest, or is refused when none is empty
 * @param maxRoomsPerClient rooms one client may be in at once, the default room included
 * @param maxTopicChars     longest topic, in characters (code points)
 */
public record RoomConfig(String defaultRoom, int maxRooms, int maxRoomsPerClient, int maxTopicChars) {
    public static final int DEFAULT_MAX_ROOMS = 1000;
    /** An IRC server's usual channel limit per client (CHANLIMIT) is 20 to 50; a chat user follows a handful. */
    public static final int DEFAULT_MAX_ROOMS_PER_CLIENT = 20;
    /** Topics are a line of context, as IRC's (TOPICLEN is 300 to 390 on common servers). */
    public static final int DEFAULT_MAX_TOPIC_CHARS = 300;
    /** A topic is sent in every room list and room state: it must stay well under a line. */
    public static final int MAX_TOPIC_CHARS_CEILING = 4000;

    public RoomConfig {
        var problem = RoomNames.problemWith(defaultRoom);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("the default room \"" + defaultRoom + "\" is not a room name: "
                    + problem.get());
        }
        if (maxRooms < 1) {
            throw new IllegalArgumentException("the rooms per server must be at least 1 (the default room), got "
                    + maxRooms);
        }
        if (maxRoomsPerClient < 1) {
            throw new IllegalArgumentException("the rooms per client must be at least 1 (the default room), got "
                    + maxRoomsPerClient);
        }
        if (maxTopicChars < 1 || maxTopicChars > MAX_TOPIC_CHARS_CEILING) {
            throw new IllegalArgumentException("the topic limit must be between 1 and " + MAX_TOPIC_CHARS_CEILING
                    + " characters, got " + maxTopicChars);
        }
    }

    public static RoomConfig defaults() {
        return new RoomConfig(RoomNames.DEFAULT_ROOM, DEFAULT_MAX_ROOMS, DEFAULT_MAX_ROOMS_PER_CLIENT,
                DEFAULT_MAX_TOPIC_CHARS);
    }

    public RoomConfig withDefaultRoom(String value) {
        return new RoomConfig(value, maxRooms, maxRoomsPerClient, maxTopicChars);
    }

    public RoomConfig withMaxRooms(int value) {
        return new RoomConfig(defaultRoom, value, maxRoomsPerClient, maxTopicChars);
    }

    public RoomConfig withMaxRoomsPerClient(int value) {
        return new RoomConfig(defaultRoom, maxRooms, value, maxTopicChars);
    }
}
