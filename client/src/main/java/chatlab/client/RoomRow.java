package chatlab.client;

/**
 * One room in the answer to {@code /rooms}, as the client shows it.
 *
 * @param room    its name as the server spells it
 * @param members how many users are in it (0: an empty room the server keeps)
 * @param topic   its topic; empty when none
 * @param in      this client is in it
 * @param current this client talks in it
 */
public record RoomRow(String room, int members, String topic, boolean in, boolean current) {
    public RoomRow {
        topic = topic == null ? "" : topic;
    }
}
