package chatlab.protocol.v2;

/**
 * Direct messages between v2 clients, one JSON object per UDP datagram. Room is left for a signature field: a
 * receiver ignores fields it does not know.
 */
public sealed interface PeerMessage {
    V2Type type();

    record Dm(String from, String id, String text) implements PeerMessage {
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
