package chatlab.protocol.v2;

/**
 * Direct messages between v2 clients, one JSON object per UDP datagram. Room is left for a signature field: a
 * receiver ignores fields it does not know.
 */
public sealed interface PeerMessage {
    V2Type type();

    /** @param to the recipient's name, so a client sharing an address and port can tell it is not for it; may be null */
    record Dm(String from, String id, String text, String to) implements PeerMessage {
        public Dm(String from, String id, String text) {
            this(from, id, text, null);
        }

        @Override
        public V2Type type() {
            return V2Type.DM;
        }
    }

    record DmAck(String id) implements PeerMessage {
        public V2Type type() {
            return V2Type.DM_ACK;
        }
    }
}
