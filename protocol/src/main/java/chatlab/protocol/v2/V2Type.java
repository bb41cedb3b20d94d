package chatlab.protocol.v2;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code type} tag of every v2 message, client to server, server to client, and peer to peer. */
public enum V2Type {
    // client to server
    HELLO("hello"),
    SAY("say"),
    WHISPER("whisper"),
    PING("ping"),
    PONG("pong"),
    BYE("bye"),
    PROOF("proof"),
    REKEYED("rekeyed"),
    // server to client (also WHISPER, PING, PONG)
    WELCOME("welcome"),
    JOINED("joined"),
    LEFT("left"),
    /** Joins and leaves gathered over a short window, one message for all of them. */
    PRESENCE("presence"),
    /** Another server message, deflated (RFC 1951) and base64-encoded; sent only to clients that asked for it. */
    DEFLATED("z"),
    MESSAGE("message"),
    ACK("ack"),
    ERROR("error"),
    CHALLENGE("challenge"),
    REKEY("rekey"),
    // peer to peer, over UDP
    DM("dm"),
    DM_ACK("dm_ack");

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
