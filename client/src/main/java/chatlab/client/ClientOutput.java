package chatlab.client;

import chatlab.client.p2p.DirectOutput;
import chatlab.protocol.lab.LabFormat;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Everything the client shows the user (direct messages as {@link DirectOutput} declares them). A console implements
 * it; tests record it. Called from any thread.
 */
public interface ClientOutput extends DirectOutput {
    /** Connected and the name sent (the lab client prints its banner here). */
    void connected(String server, String name);

    /** Text the server relayed: one {@code NAME: TEXT } message, or several that arrived together. */
    void chatroom(String text);

    /** The complete user map, whenever the server sends one. */
    void userMap(Map<String, String> users);

    void joined(String name, String address);

    void left(String name);

    /** Answer to {@code #ls}; {@code users} is null before the server sent any map. */
    void listUsers(Map<String, String> users);

    void unknownRecipient(String name);

    void help();

    /** A problem with what the user typed or a local failure; one line. */
    @Override
    void problem(String text);

    /** The connection to the server ended. */
    void disconnected(String reason);

    /** A chatroom message from a typed wire; by default shown as the lab would relay it. */
    default void message(String from, String text, boolean action) {
        chatroom(LabFormat.relay(from, action ? "* " + from + " " + text : text));
    }

    /**
     * The server took a chatroom message of ours (v2): it was written to everyone in the room. A duplicate is one
     * the server already had, resent after a reconnect.
     *
     * @param from our name
     */
    default void acknowledged(String from, String text, boolean action, long seq, boolean duplicate) {}

    /**
     * Lab wire: a chatroom message of ours was written to the server (the lab wire acknowledges nothing).
     *
     * @param text as the server will relay it (an action is already {@code * NAME TEXT})
     */
    default void sent(String from, String text) {}

    /** v2: how many of our messages wait for the server's acknowledgement; called whenever the number changes. */
    default void unacknowledged(int count) {}

    /** Something the user should know that is neither a message nor a problem (the path a message took). */
    @Override
    default void info(String text) {}

    /**
     * v2 with rooms: the output for lines that belong to {@code room}, which then name it (a prefix in the room's
     * colour). The session asks for it when the client is in more than one room; {@code null} gives this output.
     */
    default ClientOutput inRoom(String room) {
        return this;
    }

    /** v2 with rooms: this client is now in {@code room}, with these users (name to address) and this topic. */
    default void roomEntered(String room, Map<String, String> users, RoomTopic topic) {
        info(RoomTexts.entered(room, users.keySet()));
        if (topic.isSet()) {
            info(RoomTexts.topic(room, topic, ZoneId.systemDefault()));
        }
    }

    /** v2 with rooms: this client left {@code room}. */
    default void roomParted(String room) {
        info(RoomTexts.parted(room));
    }

    /** v2 with rooms: someone set or cleared the topic ({@code changed}), or the user asked for it with /topic. */
    default void topic(String room, RoomTopic topic, boolean changed) {
        info(changed ? RoomTexts.topicChanged(room, topic) : RoomTexts.topic(room, topic, ZoneId.systemDefault()));
    }

    /** v2 with rooms: the answer to {@code /rooms}. */
    default void roomList(List<RoomRow> rooms) {
        info(RoomTexts.roomCount(rooms.size()));
        rooms.forEach(row -> info(RoomTexts.row(row)));
    }

    /**
     * v2 with rooms: where this client's messages go now ({@code room}; null when it is in none) and every room it is
     * in, in order; called whenever either changes (a console shows it in its prompt and completes the names).
     */
    default void currentRoom(String room, List<String> rooms) {}

    /** Everyone this client knows of, in all its rooms (for completing names); called when it changes. */
    default void knownUsers(Collection<String> names) {}

    /**
     * v2 with history: messages from a room's log (on joining it, {@code /history}, {@code /search}), shown as history
     * with the time each was said, never as new chat.
     */
    default void historyPage(HistoryPage page) {
        info(HistoryTexts.header(page));
        page.messages().forEach(m -> info(HistoryTexts.MARK + " " + m.time() + " " + m.from() + ": " + m.text()));
    }
}
