package chatlab.protocol.v2;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Encodes what a v2 client sends: one compact JSON object and a newline. */
public final class ClientMessageEncoder {
    public byte[] encode(ClientMessage message) {
        ObjectNode node = V2Json.object(message.type());
        switch (message.type()) {
            case HELLO -> {
                ClientMessage.Hello hello = (ClientMessage.Hello) message;
                node.put("version", hello.version()).put("name", hello.name()).put("client", hello.client())
                        .put("udp_port", hello.udpPort());
                ArrayNode features = node.putArray("features");
                hello.features().forEach(features::add);
                if (hello.scram() != null) {
                    node.put("scram", hello.scram());
                }
                if (hello.resume() != null) {
                    node.putObject("resume").put("epoch", hello.resume().epoch()).put("seq", hello.resume().seq());
                }
            }
            case SAY -> {
                ClientMessage.Say say = (ClientMessage.Say) message;
                node.put("id", say.id()).put("text", say.text());
                if (say.action()) {
                    node.put("action", true);
                }
            }
            case WHISPER -> {
                ClientMessage.Whisper whisper = (ClientMessage.Whisper) message;
                node.put("id", whisper.id()).put("to", whisper.to()).put("text", whisper.text());
            }
            case PING -> node.put("token", ((ClientMessage.Ping) message).token());
            case PONG -> node.put("token", ((ClientMessage.Pong) message).token());
            case BYE -> { }
            case PROOF -> node.put("client_final", ((ClientMessage.Proof) message).clientFinal());
            case REKEYED -> {
                ClientMessage.Rekeyed rekeyed = (ClientMessage.Rekeyed) message;
                node.put("stored_key", rekeyed.storedKey()).put("server_key", rekeyed.serverKey());
            }
            default -> throw new IllegalArgumentException("not a client message: " + message);
        }
        return V2Json.line(node);
    }
}
