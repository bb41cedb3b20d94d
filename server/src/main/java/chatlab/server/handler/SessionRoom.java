package chatlab.server.handler;

import chatlab.protocol.v2.Wire;
import io.netty.channel.Channel;
import java.util.List;

/** What a session handler asks of the rooms. The server implements it; tests may record it. */
public interface SessionRoom {
    /**
     * Registers the name; the room answers the client (a user map, or a welcome, or a refusal that closes).
     *
     * @param skeleton what the name reads as ({@code NameSkeleton.of(name)}), computed once per join by the caller,
     *                 off the room's thread
     * @param udpPort  where the user takes direct messages
     */
    void register(Channel channel, String name, String skeleton, String address, int udpPort, Wire wire);

    /**
     * The same for v2: the welcome carries {@code scramFinal} after a login, so the client can check the server, and
     * a reconnecting client ({@code resume} not null) is replayed the messages it missed.
     *
     * @param rooms a client with rooms: the rooms to be in (each resumed from its {@code since}); null for the
     *              default room, resumed from {@code resume}
     */
    void register(Channel channel, String name, String skeleton, String address, int udpPort, Wire wire, String scramFinal,
            chatlab.protocol.v2.ClientMessage.Resume resume, List<chatlab.protocol.v2.ClientMessage.Join> rooms);

    /** The UDP port lab clients take direct messages on (the lab's 5000 unless configured), announced for them. */
    int labUdpPort();

    /** Reports a login's outcome to the server's events (for the log). */
    void loginOutcome(String name, String address, boolean success, String reason);

    /**
     * A chatroom message.
     *
     * @param room   the room it is said in, or null for the default room
     * @param id     the v2 client's id for it (acknowledged, and duplicates dropped), or null from a lab client
     * @param action a {@code /me} action
     */
    void relay(Channel from, String room, String text, String id, boolean action);

    /**
     * Puts a client with rooms in a room (making it if need be) and sends it the room's state, then, with
     * {@code since}, what it missed there.
     *
     * @param name a room name that follows the rules ({@code RoomNames}), checked by the caller
     * @param key  {@code RoomNames.key(name)}, computed by the caller off the room's thread
     */
    void join(Channel channel, String name, String key, chatlab.protocol.v2.ClientMessage.Resume since);

    /** Takes a client out of a room. */
    void part(Channel channel, String room);

    /** Sets a room's topic (empty text clears it) and tells the room. */
    void topic(Channel channel, String room, String text);

    /**
     * A page of a room's history (the feature "history"): the messages below {@code before} (0: the newest), oldest
     * first, marked as history, then the page's end. Reading the connection pauses until the page is sent.
     *
     * @param room a room the client is in, or null for the default room
     */
    void history(Channel channel, String room, long before, int count, String id);

    /** A search of a room's history: matching messages newest first, marked as history, then the results' end. */
    void search(Channel channel, String room, String text, long before, int count, String id);

    /** Sends the client the list of rooms. */
    void listRooms(Channel channel);

    /** A direct message through the server. */
    void whisper(Channel from, String id, String to, String text);

    /** The connection's outbound queue crossed a water mark (see Netty's channelWritabilityChanged). */
    void writabilityChanged(Channel channel);

    /** Stops (or resumes) reading the connection: a lab client over its rate is slowed, never refused. */
    void holdReading(Channel channel, boolean hold);

    /** The connection ended; remove its member if it had one and record why. */
    void leave(Channel channel);

    /** Tells the client in its wire; a fatal refusal then closes the connection. */
    void refuse(Channel channel, Refusal refusal);

    /** The connection failed (reset, or a bug in a handler): close it with that reason. */
    void failed(Channel channel, Throwable cause);
}
