package chatlab.server;

import chatlab.history.MessageLog;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import chatlab.server.room.Room;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The server's one seam to a cluster of servers (docs/CLUSTER.md): the room hands it what its users say, who is
 * here in which rooms, whispers to users of other servers and the topics set here; it hands back every room message
 * in the order the cluster agreed on (this server's own included: a server relays a message said here only when it
 * comes back), who is on the other servers in which rooms, whispers to users here and topics set anywhere. Without
 * {@code --cluster} the server has no link and relays at once, as it always did. The NATS implementation lives in
 * the app; nothing of NATS is seen here.
 */
public interface ClusterLink extends AutoCloseable {
    /** A room message as the cluster carries it. */
    record Said(String from, Wire wire, String id, String text, boolean action, Instant time) {}

    /**
     * A user of this server or another, and the rooms it is in there.
     *
     * @param rooms the rooms' names in the order it joined them; null: the default room alone (a server that does
     *              not tell)
     */
    record Present(UserInfo user, List<String> rooms) {}

    /** A whisper to a user of another server. */
    record Whisper(String from, String id, String to, String text, Instant time) {}

    /**
     * What came of a whisper to another server: delivered; or not, because that server has no such user
     * ({@code failure} null); or not, because the cluster could not carry it ({@code failure}: what to tell the
     * sender).
     */
    record Whispered(boolean delivered, String failure) {
        public static final Whispered DELIVERED = new Whispered(true, null);
        public static final Whispered UNKNOWN_USER = new Whispered(false, null);

        public static Whispered failed(String failure) {
            return new Whispered(false, failure);
        }
    }

    /** What the link hands the server, from its own threads: the server hops to the room's loop. */
    interface Peer {
        /**
         * The room's next message in the agreed order.
         *
         * @param seq  its number in the room's stream: the room's seq on every server of the cluster
         * @param here whether it was said on this server; then {@code ref} is the number {@link #publish} was given
         */
        void said(String room, long seq, Said said, boolean here, long ref);

        /** The users another server has now, with their rooms (empty: that server left or went silent). */
        void roster(String server, List<Present> users);

        /**
         * A whisper from another server to a user here: {@code delivered} (any thread, once) hears whether this
         * server has that user and gave it to it.
         */
        default void whispered(Whisper whisper, Consumer<Boolean> delivered) {
            delivered.accept(false);
        }

        /** A room's topic as set on any server (this one included); empty text: cleared. */
        default void topic(String room, Room.Topic topic) {}

        /** Another server holds a name this server's user has (this server was cut off longer than the claim lives). */
        void lost(String name);
    }

    /** What becomes of a message handed to {@link #publish}, besides its coming back through {@link Peer#said}. */
    interface Published {
        /** The cluster cannot take it (the broker is away): the sentence for its sender. */
        void refused(String sentence);

        /**
         * The cluster holds it already (the same sender and id, resent after a reconnect to this server or another):
         * it does not come back; {@code seq} is the first copy's number.
         */
        void duplicate(long seq);
    }

    /**
     * The cluster's message log (the rooms' streams), which the server uses instead of its own: a room's seq is the
     * number {@link Peer#said} hands over, the same on every server, under one epoch for the whole cluster, so a
     * client resumes on any server. Opened with the link; the server closes it when it stops.
     */
    MessageLog log();

    /** How long, and how many, messages said here may wait to come back (docs/CLUSTER.md, *Limits and defaults*). */
    default ClusterLimits limits() {
        return ClusterLimits.defaults();
    }

    /** Starts handing {@code peer} messages and rosters, and follows the default room. */
    void start(Peer peer, String defaultRoom);

    /**
     * Hands the cluster a message said here. {@code outcome} hears (on the link's thread) when the cluster cannot take
     * it or holds it already; otherwise it comes back through {@link Peer#said}.
     */
    void publish(String room, Said said, long ref, Published outcome);

    /**
     * Claims a name cluster-wide, off the caller's thread; {@code then} (on the link's thread) hears whether this
     * server holds it now. When the broker cannot be asked the link answers true: the server's own roster decides,
     * as without a cluster (docs/CLUSTER.md, *Unique names*).
     *
     * @param skeleton   what the name reads as: one claim for all its look-alikes
     * @param sessionKey the client's session digest ({@code SessionKey}), kept with the claim so that the same
     *                   client may take the name over from another server ({@link #takeOver}); or null
     */
    void claim(String skeleton, String name, String sessionKey, Consumer<Boolean> then);

    /**
     * Takes over a name another server holds when its claim carries the same session digest: the client came back
     * here (its server died, or its connection there did) before that claim ran out. {@code then} (on the link's
     * thread) hears whether this server holds the name now; the other server, if alive, loses the claim at its next
     * renewal and disconnects its user of that name. False when the claim has another session or none, or the broker
     * cannot be asked.
     */
    void takeOver(String skeleton, String name, String sessionKey, Consumer<Boolean> then);

    /** Gives a name back: its user left this server. */
    void release(String skeleton);

    /** The users on this server now with their rooms (the whole list; the link tells the others). */
    void roster(List<Present> users);

    /**
     * Passes a whisper to the server its recipient is on; {@code then} (any thread, once) hears what came of it,
     * within the link's request timeout.
     */
    default void whisper(String server, Whisper whisper, Consumer<Whispered> then) {
        then.accept(Whispered.failed("the cluster does not carry whispers"));
    }

    /** A topic was set here: the other servers hear it (and this one, through {@link Peer#topic}). */
    default void topic(String room, Room.Topic topic) {}

    /** A room was made here: follow its messages (before anything said in it is published). */
    void follow(String room);

    /** A room here was dropped (its last member left). */
    void unfollow(String room);

    /** Says goodbye to the other servers and stops. */
    @Override
    void close();
}
