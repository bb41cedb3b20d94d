package chatlab.protocol.v2;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Decodes one line a v2 client sent (without its newline). Never throws: a bad line becomes
 * {@link ClientMessage.Malformed} with the error code to answer with. Unknown fields are ignored, so newer clients
 * can add some.
 */
public final class ClientMessageDecoder {
    /** The protocol versions this decoder understands. */
    public static final int VERSION = 2;

    public ClientMessage decode(byte[] bytes, int offset, int length) {
        try {
            return decodeOrThrow(V2Json.parseObject(bytes, offset, length));
        } catch (V2DecodeException e) {
            return new ClientMessage.Malformed(e.code(), e.getMessage(), e.ref());
        }
    }

    public ClientMessage decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    private static ClientMessage decodeOrThrow(ObjectNode object) throws V2DecodeException {
        String tag = object.get("type").textValue();
        V2Type type = V2Type.ofTag(tag).orElseThrow(() -> new V2DecodeException(ErrorCode.UNKNOWN_TYPE,
                "unknown message type \"" + abbreviate(tag) + "\"", V2Json.refOf(object)));
        return switch (type) {
            case HELLO -> new ClientMessage.Hello(
                    (int) V2Json.integer(object, "version", 0, Integer.MAX_VALUE),
                    V2Json.text(object, "name"),
                    V2Json.optionalText(object, "client", ""),
                    (int) V2Json.optionalInteger(object, "udp_port", 0, 65_535, 0),
                    V2Json.textList(object, "features"),
                    V2Json.optionalText(object, "scram", null),
                    resume(object));
            case SAY -> new ClientMessage.Say(V2Json.id(object), V2Json.text(object, "text"), V2Json.flag(object, "action"));
            case WHISPER -> new ClientMessage.Whisper(V2Json.id(object), V2Json.text(object, "to"), V2Json.text(object, "text"));
            case PING -> new ClientMessage.Ping(V2Json.optionalText(object, "token", ""));
            case PONG -> new ClientMessage.Pong(V2Json.optionalText(object, "token", ""));
            case BYE -> new ClientMessage.Bye();
            case PROOF -> new ClientMessage.Proof(V2Json.text(object, "client_final"));
            case REKEYED -> new ClientMessage.Rekeyed(V2Json.text(object, "stored_key"), V2Json.text(object, "server_key"));
            case WELCOME, JOINED, LEFT, PRESENCE, DEFLATED, MESSAGE, ACK, ERROR, DM, DM_ACK, CHALLENGE, REKEY ->
                    throw new V2DecodeException(
                    ErrorCode.UNKNOWN_TYPE, "\"" + tag + "\" is not a message a client sends", V2Json.refOf(object));
        };
    }

    private static ClientMessage.Resume resume(ObjectNode hello) throws V2DecodeException {
        if (!hello.has("resume") || hello.get("resume").isNull()) {
            return null;
        }
        if (!(hello.get("resume") instanceof ObjectNode resume)) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"resume\" must be an object", null);
        }
        return new ClientMessage.Resume(V2Json.text(resume, "epoch"), V2Json.integer(resume, "seq", 0, Long.MAX_VALUE));
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
