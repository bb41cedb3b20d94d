package chatlab.protocol.v2;

import chatlab.wire.V2Fields;
import chatlab.wire.V2Limits;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one line a v2 client sent (without its newline). Never throws: a bad line becomes
 * {@link ClientMessage.Malformed} with the error code to answer with. Unknown fields are ignored, so newer clients
 * can add some.
 */
public final class ClientMessageDecoder {
    /** The protocol versions this decoder understands. */
    public static final int VERSION = 2;
    /** Rooms a hello may list (far more than a server lets one client be in). */
    public static final int MAX_HELLO_ROOMS = 64;

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
        String tag = object.get(V2Fields.TYPE).textValue();
        V2Type type = V2Type.ofTag(tag).orElseThrow(() -> new V2DecodeException(ErrorCode.UNKNOWN_TYPE,
                "unknown message type \"" + abbreviate(tag) + "\"", V2Json.refOf(object)));
        return switch (type) {
            case HELLO -> new ClientMessage.Hello(
                    (int) V2Json.integer(object, V2Fields.VERSION, 0, Integer.MAX_VALUE),
                    V2Json.text(object, V2Fields.NAME),
                    V2Json.optionalText(object, V2Fields.CLIENT, ""),
                    (int) V2Json.optionalInteger(object, V2Fields.UDP_PORT, 0, 65_535, 0),
                    V2Json.textList(object, V2Fields.FEATURES),
                    V2Json.optionalText(object, V2Fields.SCRAM, null),
                    resume(object, V2Fields.RESUME), joins(object), session(object));
            case SAY -> new ClientMessage.Say(V2Json.id(object), V2Json.text(object, V2Fields.TEXT),
                    V2Json.flag(object, V2Fields.ACTION), V2Json.optionalText(object, V2Fields.ROOM, null));
            case JOIN -> join(object);
            case PART -> new ClientMessage.Part(V2Json.text(object, V2Fields.ROOM));
            case TOPIC -> new ClientMessage.Topic(V2Json.text(object, V2Fields.ROOM), V2Json.text(object, V2Fields.TEXT));
            case ROOMS -> new ClientMessage.ListRooms();
            case HISTORY -> new ClientMessage.History(V2Json.optionalText(object, V2Fields.ROOM, null),
                    before(object), count(object), V2Json.optionalText(object, V2Fields.ID, null));
            case SEARCH -> new ClientMessage.Search(V2Json.optionalText(object, V2Fields.ROOM, null),
                    V2Json.text(object, V2Fields.TEXT), before(object), count(object),
                    V2Json.optionalText(object, V2Fields.ID, null));
            case WHISPER -> new ClientMessage.Whisper(V2Json.id(object), V2Json.text(object, V2Fields.TO),
                    V2Json.text(object, V2Fields.TEXT));
            case PING -> new ClientMessage.Ping(V2Json.optionalText(object, V2Fields.TOKEN, ""));
            case PONG -> new ClientMessage.Pong(V2Json.optionalText(object, V2Fields.TOKEN, ""));
            case BYE -> new ClientMessage.Bye();
            case PROOF -> new ClientMessage.Proof(V2Json.text(object, V2Fields.CLIENT_FINAL));
            case REKEYED -> new ClientMessage.Rekeyed(V2Json.text(object, V2Fields.STORED_KEY),
                    V2Json.text(object, V2Fields.SERVER_KEY));
            case WELCOME, JOINED, LEFT, PRESENCE, DEFLATED, MESSAGE, ACK, ERROR, DM, DM_ACK, CHALLENGE, REKEY, ROOM ->
                    throw new V2DecodeException(
                    ErrorCode.UNKNOWN_TYPE, "\"" + tag + "\" is not a message a client sends", V2Json.refOf(object));
        };
    }

    /** Where a client left off ({@code resume} in a hello, {@code since} in a join), or null when absent. */
    private static ClientMessage.Resume resume(ObjectNode object, String field) throws V2DecodeException {
        if (!object.has(field) || object.get(field).isNull()) {
            return null;
        }
        if (!(object.get(field) instanceof ObjectNode resume)) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"" + field + "\" must be an object", null);
        }
        return new ClientMessage.Resume(V2Json.text(resume, V2Fields.EPOCH),
                V2Json.integer(resume, V2Fields.SEQ, 0, Long.MAX_VALUE));
    }

    private static long before(ObjectNode object) throws V2DecodeException {
        return V2Json.optionalInteger(object, V2Fields.BEFORE, 0, Long.MAX_VALUE, 0);
    }

    private static int count(ObjectNode object) throws V2DecodeException {
        return (int) V2Json.optionalInteger(object, V2Fields.COUNT, 0, Integer.MAX_VALUE, 0);
    }

    private static ClientMessage.Join join(ObjectNode object) throws V2DecodeException {
        return new ClientMessage.Join(V2Json.text(object, V2Fields.ROOM), resume(object, V2Fields.SINCE));
    }

    /** A hello's rooms: a list of joins (at most {@link #MAX_HELLO_ROOMS}), or null when absent. */
    /** A hello's session: absent, or {@link V2Limits#MIN_SESSION_CHARS} to {@link V2Limits#MAX_SESSION_CHARS} of base64url. */
    private static String session(ObjectNode hello) throws V2DecodeException {
        String session = V2Json.optionalText(hello, V2Fields.SESSION, null);
        if (session != null && (session.length() < V2Limits.MIN_SESSION_CHARS
                || session.length() > V2Limits.MAX_SESSION_CHARS
                || !session.chars().allMatch(ClientMessageDecoder::base64Url))) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"" + V2Fields.SESSION + "\" must be "
                    + V2Limits.MIN_SESSION_CHARS + " to " + V2Limits.MAX_SESSION_CHARS
                    + " characters of A-Z, a-z, 0-9, _ and -", V2Json.refOf(hello));
        }
        return session;
    }

    private static boolean base64Url(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private static List<ClientMessage.Join> joins(ObjectNode hello) throws V2DecodeException {
        com.fasterxml.jackson.databind.JsonNode value = hello.get(V2Fields.ROOMS);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray() || value.size() > MAX_HELLO_ROOMS) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD,
                    "field \"rooms\" must be a list of at most " + MAX_HELLO_ROOMS + " objects", null);
        }
        List<ClientMessage.Join> joins = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode element : value) {
            if (!(element instanceof ObjectNode room)) {
                throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"rooms\" must hold objects", null);
            }
            joins.add(join(room));
        }
        return joins;
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
