package chatlab.protocol.v2;

import chatlab.wire.V2Fields;
import chatlab.wire.V2Limits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Decodes one line the server sent to a v2 client (without its newline). Unknown fields are ignored. */
public final class ServerMessageDecoder {
    /**
     * The most a deflated message may inflate to: the client's line limit. A few kilobytes of deflate can claim
     * gigabytes (a "zip bomb"); inflating stops at this size and the message is refused.
     */
    public static final int MAX_INFLATED_BYTES = V2Limits.MAX_INFLATED_BYTES;

    public ServerMessage decode(byte[] bytes, int offset, int length) throws V2DecodeException {
        return decode(bytes, offset, length, true);
    }

    private ServerMessage decode(byte[] bytes, int offset, int length, boolean mayBeDeflated) throws V2DecodeException {
        ObjectNode object = V2Json.parseObject(bytes, offset, length);
        String tag = object.get(V2Fields.TYPE).textValue();
        V2Type type = V2Type.ofTag(tag).orElseThrow(() -> new V2DecodeException(ErrorCode.UNKNOWN_TYPE,
                "unknown message type \"" + ClientMessageDecoder.abbreviate(tag) + "\"", null));
        return switch (type) {
            case WELCOME -> welcome(object);
            case JOINED -> new ServerMessage.Joined(user(sub(object, V2Fields.USER)));
            case LEFT -> left(object);
            case PRESENCE -> presence(object);
            case DEFLATED -> {
                if (!mayBeDeflated) {
                    throw new V2DecodeException(ErrorCode.BAD_FIELD, "a deflated message must not hold another", null);
                }
                byte[] inner = inflate(V2Json.text(object, V2Fields.DATA));
                yield new ServerMessage.Deflated(decode(inner, 0, inner.length, false));
            }
            case MESSAGE -> new ServerMessage.Message(V2Json.text(object, V2Fields.FROM),
                    V2Json.text(object, V2Fields.TEXT),
                    V2Json.integer(object, V2Fields.SEQ, 0, Long.MAX_VALUE), V2Json.time(object, V2Fields.TIME),
                    V2Json.optionalText(object, V2Fields.ID, null), V2Json.flag(object, V2Fields.ACTION),
                    wire(V2Json.optionalText(object, V2Fields.WIRE, V2Fields.WIRE_V2)), room(object),
                    V2Json.flag(object, V2Fields.HISTORY));
            case HISTORY -> new ServerMessage.HistoryEnd(room(object), V2Json.optionalText(object, V2Fields.ID, null),
                    pageCount(object), V2Json.flag(object, V2Fields.MORE), pageBefore(object));
            case SEARCH -> new ServerMessage.SearchEnd(room(object), V2Json.optionalText(object, V2Fields.ID, null),
                    V2Json.text(object, V2Fields.TEXT), pageCount(object), V2Json.flag(object, V2Fields.MORE),
                    pageBefore(object));
            case ACK -> new ServerMessage.Ack(V2Json.text(object, V2Fields.ID),
                    V2Json.integer(object, V2Fields.SEQ, 0, Long.MAX_VALUE),
                    V2Json.time(object, V2Fields.TIME), V2Json.flag(object, V2Fields.DUPLICATE), room(object));
            case WHISPER -> new ServerMessage.Whisper(V2Json.text(object, V2Fields.FROM),
                    V2Json.text(object, V2Fields.ID),
                    V2Json.text(object, V2Fields.TEXT), V2Json.time(object, V2Fields.TIME));
            case ERROR -> {
                String code = V2Json.text(object, V2Fields.CODE);
                ErrorCode known = ErrorCode.ofCode(code).orElse(ErrorCode.INTERNAL);
                yield new ServerMessage.Error(known, V2Json.text(object, V2Fields.MESSAGE),
                        V2Json.optionalText(object, V2Fields.REF, null), room(object));
            }
            case ROOM -> roomState(object);
            case TOPIC -> new ServerMessage.Topic(V2Json.text(object, V2Fields.ROOM), V2Json.text(object, V2Fields.TEXT),
                    V2Json.text(object, V2Fields.BY), V2Json.time(object, V2Fields.TIME));
            case PART -> new ServerMessage.Parted(V2Json.text(object, V2Fields.ROOM));
            case ROOMS -> {
                List<RoomSummary> rooms = new ArrayList<>();
                for (ObjectNode room : objects(object, V2Fields.ROOMS)) {
                    rooms.add(new RoomSummary(V2Json.text(room, V2Fields.ROOM),
                            (int) V2Json.integer(room, V2Fields.MEMBERS, 0, Integer.MAX_VALUE),
                            V2Json.optionalText(room, V2Fields.TOPIC, null)));
                }
                yield new ServerMessage.RoomList(rooms);
            }
            case PING -> new ServerMessage.Ping(V2Json.optionalText(object, V2Fields.TOKEN, ""));
            case PONG -> new ServerMessage.Pong(V2Json.optionalText(object, V2Fields.TOKEN, ""));
            case CHALLENGE -> new ServerMessage.Challenge(V2Json.text(object, V2Fields.MECHANISM),
                    V2Json.text(object, V2Fields.SERVER_FIRST));
            case REKEY -> new ServerMessage.Rekey(V2Json.text(object, V2Fields.SALT),
                    (int) V2Json.integer(object, V2Fields.ITERATIONS, 1, Integer.MAX_VALUE));
            case HELLO, SAY, BYE, DM, DM_ACK, PROOF, REKEYED, JOIN -> throw new V2DecodeException(ErrorCode.UNKNOWN_TYPE,
                    "\"" + tag + "\" is not a message a server sends", null);
        };
    }

    public ServerMessage decode(byte[] bytes) throws V2DecodeException {
        return decode(bytes, 0, bytes.length);
    }

    private static ServerMessage.Welcome welcome(ObjectNode object) throws V2DecodeException {
        ObjectNode limits = sub(object, V2Fields.LIMITS);
        ServerMessage.AnnouncedLimits announced = new ServerMessage.AnnouncedLimits(
                (int) V2Json.integer(limits, V2Fields.MAX_LINE_BYTES, 1, Integer.MAX_VALUE),
                (int) V2Json.integer(limits, V2Fields.MAX_MESSAGE_BYTES, 1, Integer.MAX_VALUE),
                (int) V2Json.integer(limits, V2Fields.MAX_NAME_CHARS, 1, Integer.MAX_VALUE),
                V2Json.number(limits, V2Fields.MESSAGES_PER_SECOND),
                (int) V2Json.integer(limits, V2Fields.BURST_MESSAGES, 1, Integer.MAX_VALUE),
                V2Json.integer(limits, V2Fields.PING_INTERVAL_MS, 1, Long.MAX_VALUE),
                V2Json.integer(limits, V2Fields.IDLE_TIMEOUT_MS, 1, Long.MAX_VALUE));
        return new ServerMessage.Welcome((int) V2Json.integer(object, V2Fields.VERSION, 0, Integer.MAX_VALUE),
                V2Json.text(object, V2Fields.SERVER), V2Json.text(object, V2Fields.NAME),
                V2Json.text(object, V2Fields.ADDRESS), announced, users(object),
                V2Json.optionalText(object, V2Fields.SCRAM_FINAL, null),
                V2Json.optionalText(object, V2Fields.EPOCH, ""),
                V2Json.flag(object, V2Fields.USERS_FOLLOW), V2Json.textList(object, V2Fields.FEATURES),
                V2Json.optionalText(object, V2Fields.DEFAULT_ROOM, null));
    }

    /** The list of user objects every welcome and room state carries. */
    private static List<UserInfo> users(ObjectNode object) throws V2DecodeException {
        JsonNode users = object.get(V2Fields.USERS);
        if (users == null || !users.isArray()) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"users\" must be a list", null);
        }
        List<UserInfo> list = new ArrayList<>();
        for (ObjectNode user : objects(object, V2Fields.USERS)) {
            list.add(user(user));
        }
        return list;
    }

    private static ServerMessage.RoomState roomState(ObjectNode object) throws V2DecodeException {
        String topic = V2Json.optionalText(object, V2Fields.TOPIC, null);
        return new ServerMessage.RoomState(V2Json.text(object, V2Fields.ROOM), V2Json.text(object, V2Fields.EPOCH),
                topic, topic == null ? null : V2Json.text(object, V2Fields.TOPIC_BY),
                topic == null ? null : V2Json.time(object, V2Fields.TOPIC_TIME), users(object));
    }

    private static int pageCount(ObjectNode object) throws V2DecodeException {
        return (int) V2Json.integer(object, V2Fields.COUNT, 0, Integer.MAX_VALUE);
    }

    private static long pageBefore(ObjectNode object) throws V2DecodeException {
        return V2Json.integer(object, V2Fields.BEFORE, 0, Long.MAX_VALUE);
    }

    private static String room(ObjectNode object) throws V2DecodeException {
        return V2Json.optionalText(object, V2Fields.ROOM, null);
    }

    private static ServerMessage.Left left(ObjectNode object) throws V2DecodeException {
        return new ServerMessage.Left(V2Json.text(object, V2Fields.NAME),
                V2Json.optionalText(object, V2Fields.REASON, ""));
    }

    private static ServerMessage.Presence presence(ObjectNode object) throws V2DecodeException {
        List<UserInfo> joined = new ArrayList<>();
        for (ObjectNode user : objects(object, V2Fields.JOINED)) {
            joined.add(user(user));
        }
        List<ServerMessage.Left> left = new ArrayList<>();
        for (ObjectNode gone : objects(object, V2Fields.LEFT)) {
            left.add(left(gone));
        }
        return new ServerMessage.Presence(joined, left, room(object));
    }

    private static List<ObjectNode> objects(ObjectNode object, String field) throws V2DecodeException {
        JsonNode array = object.get(field);
        if (array == null) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"" + field + "\" must be a list", null);
        }
        List<ObjectNode> list = new ArrayList<>();
        for (JsonNode element : array) {
            if (!(element instanceof ObjectNode elementObject)) {
                throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"" + field + "\" must hold objects", null);
            }
            list.add(elementObject);
        }
        return list;
    }

    /** Inflates base64 raw deflate, refusing anything that would grow past {@link #MAX_INFLATED_BYTES}. */
    private static byte[] inflate(String base64) throws V2DecodeException {
        byte[] compressed;
        try {
            compressed = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"data\" is not base64", null);
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"data\" is cut short", null);
                }
                if (out.size() + n > MAX_INFLATED_BYTES) {
                    throw new V2DecodeException(ErrorCode.TOO_LONG,
                            "a deflated message inflates past " + MAX_INFLATED_BYTES + " bytes", null);
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"data\" is not deflate data", null);
        } finally {
            inflater.end();
        }
    }

    private static ObjectNode sub(ObjectNode object, String field) throws V2DecodeException {
        JsonNode value = object.get(field);
        if (!(value instanceof ObjectNode sub)) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"" + field + "\" must be an object", null);
        }
        return sub;
    }

    private static UserInfo user(ObjectNode node) throws V2DecodeException {
        return new UserInfo(V2Json.text(node, V2Fields.NAME), V2Json.text(node, V2Fields.ADDRESS),
                (int) V2Json.integer(node, V2Fields.UDP_PORT, 0, 65_535), wire(V2Json.text(node, V2Fields.WIRE)),
                V2Json.time(node, V2Fields.JOINED));
    }

    private static Wire wire(String text) throws V2DecodeException {
        try {
            return Wire.parse(text);
        } catch (IllegalArgumentException e) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD, e.getMessage(), null);
        }
    }
}
