package chatlab.bench.load;

/** What a wire scanner finds in the bytes one client receives. Called on that client's event-loop thread. */
public interface Inbound {
    /** A complete bench message: sender index and sequence number. */
    void message(int sender, long seq);

    /**
     * A user list arrived (lab map, v2 welcome) or changed (v2 presence): its size now and the {@link NameHash}
     * fingerprint of its names.
     */
    void roster(int users, long namesHash);

    /** Bytes of presence traffic: lab maps, v2 welcomes and presence messages. */
    void presenceBytes(long bytes);

    /** The server refused something or told the client why it closes ({@code fatal}): a lab notice or a v2 error. */
    void serverError(String kind, String text, boolean fatal);

    /**
     * Whether user lists must be followed name by name. When not (idle), a v2 client only notes its welcome (to be
     * registered) and counts presence bytes, which saves the bench decoding N x N user objects.
     */
    default boolean followsNames() {
        return true;
    }

    /** A ping (v2, IRC, NATS), to be answered with this token (empty where the protocol has none). */
    default void ping(String token) {}

    /** IRC: the server accepted the registration (RPL_WELCOME); the client may now join the channel. */
    default void welcomed() {}

    /**
     * A peer protocol: the client is in the channel (IRC's end of the NAMES reply to its JOIN, Redis's subscribe
     * confirmation, the PONG to the PING after NATS's SUB): every message the server takes from now on reaches it.
     */
    default void subscribed() {}
}
