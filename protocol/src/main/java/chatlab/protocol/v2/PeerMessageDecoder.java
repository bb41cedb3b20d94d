package chatlab.protocol.v2;

import chatlab.wire.V2Fields;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Decodes a UDP datagram as a v2 peer message. A datagram that is not one (it does not start with '{', or is not a
 * dm or dm_ack object) is empty: it is a lab client's plain-text direct message.
 */
public final class PeerMessageDecoder {
    public Optional<PeerMessage> decode(byte[] datagram) {
        if (datagram.length == 0 || datagram[0] != '{') {
            return Optional.empty();
        }
        try {
            ObjectNode object = V2Json.parseObject(datagram, 0, datagram.length);
            Optional<V2Type> type = V2Type.ofTag(object.get(V2Fields.TYPE).textValue());
            if (type.isEmpty()) {
                return Optional.empty();
            }
            return switch (type.get()) {
                case DM -> Optional.of(new PeerMessage.Dm(V2Json.text(object, V2Fields.FROM), V2Json.id(object),
                        V2Json.text(object, V2Fields.TEXT), V2Json.optionalText(object, V2Fields.TO, null)));
                case DM_ACK -> Optional.of(new PeerMessage.DmAck(V2Json.id(object)));
                default -> Optional.empty();
            };
        } catch (V2DecodeException e) {
            return Optional.empty();
        }
    }
}
