package chatlab.protocol.v2;

import chatlab.wire.V2Fields;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Encodes a v2 direct message or its acknowledgement as one UDP datagram of compact JSON. */
public final class PeerMessageEncoder {
    public byte[] encode(PeerMessage message) {
        ObjectNode node = V2Json.object(message.type());
        switch (message.type()) {
            case DM -> {
                PeerMessage.Dm dm = (PeerMessage.Dm) message;
                node.put(V2Fields.FROM, dm.from()).put(V2Fields.ID, dm.id()).put(V2Fields.TEXT, dm.text());
                if (dm.to() != null) {
                    node.put(V2Fields.TO, dm.to());
                }
            }
            case DM_ACK -> node.put(V2Fields.ID, ((PeerMessage.DmAck) message).id());
            default -> throw new IllegalArgumentException("not a peer message: " + message);
        }
        return V2Json.datagram(node);
    }
}
