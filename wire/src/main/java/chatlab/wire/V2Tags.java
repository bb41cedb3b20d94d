package chatlab.wire;

import java.util.List;

/**
 * The {@code type} tag of every v2 message (docs/PROTOCOL.md). The protocol's {@code V2Type} takes its tags from
 * here and the capture analyzer reads captured lines by them, so the two cannot drift apart.
 */
public final class V2Tags {
    // client to server
    public static final String HELLO = "hello";
    public static final String SAY = "say";
    /** Both directions: a client asks, the server delivers. */
    public static final String WHISPER = "whisper";
    /** Both directions. */
    public static final String PING = "ping";
    /** Both directions. */
    public static final String PONG = "pong";
    public static final String BYE = "bye";
    public static final String PROOF = "proof";
    public static final String REKEYED = "rekeyed";
    /** Rooms (a client that listed the feature {@code rooms}): join a room, creating it if need be. */
    public static final String JOIN = "join";
    /** Both directions: a client leaves a room, the server confirms it. */
    public static final String PART = "part";
    /** Both directions: a client asks for the list of rooms, the server sends it. */
    public static final String ROOMS = "rooms";
    /** Both directions: a client sets a room's topic, the server announces it to the room. */
    public static final String TOPIC = "topic";
    /**
     * History, both directions: a client asks for a page of a room's log; the server sends the page as messages
     * marked {@code history} and ends it with this type.
     */
    public static final String HISTORY = "history";
    /** History, both directions: a client searches a room's log; the server ends the results with this type. */
    public static final String SEARCH = "search";
    // server to client
    public static final String WELCOME = "welcome";
    public static final String JOINED = "joined";
    public static final String LEFT = "left";
    public static final String PRESENCE = "presence";
    /** Another server message, deflated (RFC 1951) and base64-encoded. */
    public static final String DEFLATED = "z";
    public static final String MESSAGE = "message";
    public static final String ACK = "ack";
    public static final String ERROR = "error";
    public static final String CHALLENGE = "challenge";
    public static final String REKEY = "rekey";
    /** The state of a room the client has just joined: its name, topic and members. */
    public static final String ROOM = "room";
    // peer to peer, over UDP
    public static final String DM = "dm";
    public static final String DM_ACK = "dm_ack";

    /** Every tag above, each once. */
    public static final List<String> ALL = List.of(HELLO, SAY, WHISPER, PING, PONG, BYE, PROOF, REKEYED, JOIN, PART,
            ROOMS, TOPIC, HISTORY, SEARCH, WELCOME, JOINED, LEFT, PRESENCE, DEFLATED, MESSAGE, ACK, ERROR, CHALLENGE, REKEY, ROOM, DM,
            DM_ACK);

    private V2Tags() {}
}
