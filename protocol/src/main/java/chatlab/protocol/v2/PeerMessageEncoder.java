package chatlab.protocol.v2;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Encodes a v2 direct message or its acknowledgement as one UDP datagram of compact JSON. */
public final class PeerMessageEncoder {
    public byte[] encode(PeerMessage message) {
        ObjectNode node = V2Json.object(message.type());
        switch (message.type()) {
            case DM -> {
                PeerMessage.Dm dm = (PeerMessage.Dm) message;
                node.put("from", dm.from()).put("id", dm.id()).put("text", dm.text());
                if (dm.to() != null) {
                    node.put("to", dm.to());
                }
            }
            case DM_ACK -> node.put("id", ((PeerMessage.DmAck) message).id());
            default -> throw new IllegalArgumentException("not a peer message: " + message);
        }
        return V2Json.datagram(node);
    }
}
