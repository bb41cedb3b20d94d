package chatlab.protocol.v2;

/**
 * One room in the server's list of rooms.
 *
 * @param room    its name
 * @param members how many users are in it now (0: an empty room the server keeps, with its topic)
 * @param topic   its topic, or null when none is set
 */
public record RoomSummary(String room, int members, String topic) {}
