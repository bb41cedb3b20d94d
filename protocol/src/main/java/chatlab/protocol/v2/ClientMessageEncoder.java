package chatlab.protocol.v2;

import chatlab.wire.V2Fields;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Encodes what a v2 client sends: one compact JSON object and a newline. */
public final class ClientMessageEncoder {
    public byte[] encode(ClientMessage message) {
        ObjectNode node = V2Json.object(message.type());
        switch (message.type()) {
            case HELLO -> {
                ClientMessage.Hello hello = (ClientMessage.Hello) message;
                node.put(V2Fields.VERSION, hello.version()).put(V2Fields.NAME, hello.name())
                        .put(V2Fields.CLIENT, hello.client())
                        .put(V2Fields.UDP_PORT, hello.udpPort());
                ArrayNode features = node.putArray(V2Fields.FEATURES);
                hello.features().forEach(features::add);
                if (hello.scram() != null) {
                    node.put(V2Fields.SCRAM, hello.scram());
                }
                if (hello.resume() != null) {
                    resume(node.putObject(V2Fields.RESUME), hello.resume());
                }
                if (hello.rooms() != null) {
                    ArrayNode rooms = node.putArray(V2Fields.ROOMS);
                    hello.rooms().forEach(join -> join(rooms.addObject(), join));
                }
                if (hello.session() != null) {
                    node.put(V2Fields.SESSION, hello.session());
                }
            }
            case SAY -> {
                ClientMessage.Say say = (ClientMessage.Say) message;
                if (say.room() != null) {
                    node.put(V2Fields.ROOM, say.room());
                }
                node.put(V2Fields.ID, say.id()).put(V2Fields.TEXT, say.text());
                if (say.action()) {
                    node.put(V2Fields.ACTION, true);
                }
            }
            case WHISPER -> {
                ClientMessage.Whisper whisper = (ClientMessage.Whisper) message;
                node.put(V2Fields.ID, whisper.id()).put(V2Fields.TO, whisper.to()).put(V2Fields.TEXT, whisper.text());
            }
            case JOIN -> join(node, (ClientMessage.Join) message);
            case PART -> node.put(V2Fields.ROOM, ((ClientMessage.Part) message).room());
            case TOPIC -> {
                ClientMessage.Topic topic = (ClientMessage.Topic) message;
                node.put(V2Fields.ROOM, topic.room()).put(V2Fields.TEXT, topic.text());
            }
            case ROOMS -> { }
            case HISTORY -> {
                ClientMessage.History history = (ClientMessage.History) message;
                page(node, history.room(), history.before(), history.count(), history.id());
            }
            case SEARCH -> {
                ClientMessage.Search search = (ClientMessage.Search) message;
                page(node, search.room(), search.before(), search.count(), search.id());
                node.put(V2Fields.TEXT, search.text());
            }
            case PING -> node.put(V2Fields.TOKEN, ((ClientMessage.Ping) message).token());
            case PONG -> node.put(V2Fields.TOKEN, ((ClientMessage.Pong) message).token());
            case BYE -> { }
            case PROOF -> node.put(V2Fields.CLIENT_FINAL, ((ClientMessage.Proof) message).clientFinal());
            case REKEYED -> {
                ClientMessage.Rekeyed rekeyed = (ClientMessage.Rekeyed) message;
                node.put(V2Fields.STORED_KEY, rekeyed.storedKey()).put(V2Fields.SERVER_KEY, rekeyed.serverKey());
            }
            default -> throw new IllegalArgumentException("not a client message: " + message);
        }
        return V2Json.line(node);
    }

    /** The fields a history request and a search share; the defaults (no room, 0) are left out. */
    private static void page(ObjectNode node, String room, long before, int count, String id) {
        if (room != null) {
            node.put(V2Fields.ROOM, room);
        }
        if (before != 0) {
            node.put(V2Fields.BEFORE, before);
        }
        if (count != 0) {
            node.put(V2Fields.COUNT, count);
        }
        if (id != null) {
            node.put(V2Fields.ID, id);
        }
    }

    private static void join(ObjectNode node, ClientMessage.Join join) {
        node.put(V2Fields.ROOM, join.room());
        if (join.since() != null) {
            resume(node.putObject(V2Fields.SINCE), join.since());
        }
    }

    private static void resume(ObjectNode node, ClientMessage.Resume resume) {
        node.put(V2Fields.EPOCH, resume.epoch()).put(V2Fields.SEQ, resume.seq());
    }
}
