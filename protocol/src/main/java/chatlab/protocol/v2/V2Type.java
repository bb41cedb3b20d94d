package chatlab.protocol.v2;

import chatlab.wire.V2Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code type} tag of every v2 message, client to server, server to client, and peer to peer; the tag strings
 * are {@link V2Tags}, which the capture analyzer reads too.
 */
public enum V2Type {
    // client to server
    HELLO(V2Tags.HELLO),
    SAY(V2Tags.SAY),
    WHISPER(V2Tags.WHISPER),
    PING(V2Tags.PING),
    PONG(V2Tags.PONG),
    BYE(V2Tags.BYE),
    PROOF(V2Tags.PROOF),
    REKEYED(V2Tags.REKEYED),
    /** Rooms: join (and create) a room; the server answers with {@link #ROOM}. */
    JOIN(V2Tags.JOIN),
    /** Rooms: leave a room; the server confirms with the same type. */
    PART(V2Tags.PART),
    /** Rooms: the client asks for the list of rooms; the server's answer has the same type. */
    ROOMS(V2Tags.ROOMS),
    /** Rooms: the client sets a room's topic; the server announces it to the room with the same type. */
    TOPIC(V2Tags.TOPIC),
    /** History: the client asks for a page of a room's log; the server ends the page with the same type. */
    HISTORY(V2Tags.HISTORY),
    /** History: the client searches a room's log; the server ends the results with the same type. */
    SEARCH(V2Tags.SEARCH),
    // server to client (also WHISPER, PING, PONG, PART, ROOMS, TOPIC, HISTORY, SEARCH)
    WELCOME(V2Tags.WELCOME),
    JOINED(V2Tags.JOINED),
    LEFT(V2Tags.LEFT),
    /** Joins and leaves gathered over a short window, one message for all of them. */
    PRESENCE(V2Tags.PRESENCE),
    /** Another server message, deflated (RFC 1951) and base64-encoded; sent only to clients that asked for it. */
    DEFLATED(V2Tags.DEFLATED),
    MESSAGE(V2Tags.MESSAGE),
    ACK(V2Tags.ACK),
    ERROR(V2Tags.ERROR),
    CHALLENGE(V2Tags.CHALLENGE),
    REKEY(V2Tags.REKEY),
    /** Rooms: the state of a room the client has just joined. */
    ROOM(V2Tags.ROOM),
    // peer to peer, over UDP
    DM(V2Tags.DM),
    DM_ACK(V2Tags.DM_ACK);

    private static final Map<String, V2Type> BY_TAG = new HashMap<>();

    static {
        for (V2Type type : values()) {
            if (BY_TAG.put(type.tag, type) != null) {
                throw new ExceptionInInitializerError("duplicate v2 type tag " + type.tag);
            }
        }
    }

    private final String tag;

    V2Type(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    public static Optional<V2Type> ofTag(String tag) {
        return Optional.ofNullable(BY_TAG.get(tag));
    }
}
