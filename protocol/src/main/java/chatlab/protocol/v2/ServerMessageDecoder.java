package chatlab.protocol.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Decodes one line the server sent to a v2 client (without its newline). Unknown fields are ignored. */
public final class ServerMessageDecoder {
    /**
     * The most a deflated message may inflate to: the client's line limit. A few kilobytes of deflate can claim
     * gigabytes (a "zip bomb"); inflating stops at this size and the message is refused.
     */
    public static final int MAX_INFLATED_BYTES = 8 * 1024 * 1024;

    public ServerMessage decode(byte[] bytes, int offset, int length) throws V2DecodeException {
        return decode(bytes, offset, length, true);
    }

    private ServerMessage decode(byte[] bytes, int offset, int length, boolean mayBeDeflated) throws V2DecodeException {
        ObjectNode object = V2Json.parseObject(bytes, offset, length);
        String tag = object.get("type").textValue();
        V2Type type = V2Type.ofTag(tag).orElseThrow(() -> new V2DecodeException(ErrorCode.UNKNOWN_TYPE,
                "unknown message type \"" + ClientMessageDecoder.abbreviate(tag) + "\"", null));
        return switch (type) {
            case WELCOME -> welcome(object);
            case JOINED -> new ServerMessage.Joined(user(sub(object, "user")));
            case LEFT -> left(object);
            case PRESENCE -> presence(object);
            case DEFLATED -> {
                if (!mayBeDeflated) {
                    throw new V2DecodeException(ErrorCode.BAD_FIELD, "a deflated message must not hold another", null);
                }
                byte[] inner = inflate(V2Json.text(object, "data"));
                yield new ServerMessage.Deflated(decode(inner, 0, inner.length, false));
            }
            case MESSAGE -> new ServerMessage.Message(V2Json.text(object, "from"), V2Json.text(object, "text"),
                    V2Json.integer(object, "seq", 0, Long.MAX_VALUE), V2Json.time(object, "time"),
                    V2Json.optionalText(object, "id", null), V2Json.flag(object, "action"),
                    wire(V2Json.optionalText(object, "wire", "v2")));
            case ACK -> new ServerMessage.Ack(V2Json.text(object, "id"), V2Json.integer(object, "seq", 0, Long.MAX_VALUE),
                    V2Json.time(object, "time"), V2Json.flag(object, "duplicate"));
            case WHISPER -> new ServerMessage.Whisper(V2Json.text(object, "from"), V2Json.text(object, "id"),
                    V2Json.text(object, "text"), V2Json.time(object, "time"));
            case ERROR -> {
                String code = V2Json.text(object, "code");
                ErrorCode known = ErrorCode.ofCode(code).orElse(ErrorCode.INTERNAL);
                yield new ServerMessage.Error(known, V2Json.text(object, "message"), V2Json.optionalText(object, "ref", null));
            }
            case PING -> new ServerMessage.Ping(V2Json.optionalText(object, "token", ""));
            case PONG -> new ServerMessage.Pong(V2Json.optionalText(object, "token", ""));
            case CHALLENGE -> new ServerMessage.Challenge(V2Json.text(object, "mechanism"), V2Json.text(object, "server_first"));
            case REKEY -> new ServerMessage.Rekey(V2Json.text(object, "salt"),
                    (int) V2Json.integer(object, "iterations", 1, Integer.MAX_VALUE));
            case HELLO, SAY, BYE, DM, DM_ACK, PROOF, REKEYED -> throw new V2DecodeException(ErrorCode.UNKNOWN_TYPE,
                    "\"" + tag + "\" is not a message a server sends", null);
        };
    }

    public ServerMessage decode(byte[] bytes) throws V2DecodeException {
        return decode(bytes, 0, bytes.length);
    }

    private static ServerMessage.Welcome welcome(ObjectNode object) throws V2DecodeException {
        ObjectNode limits = sub(object, "limits");
        ServerMessage.AnnouncedLimits announced = new ServerMessage.AnnouncedLimits(
                (int) V2Json.integer(limits, "max_line_bytes", 1, Integer.MAX_VALUE),
                (int) V2Json.integer(limits, "max_message_bytes", 1, Integer.MAX_VALUE),
                (int) V2Json.integer(limits, "max_name_chars", 1, Integer.MAX_VALUE),
                V2Json.number(limits, "messages_per_second"),
                (int) V2Json.integer(limits, "burst_messages", 1, Integer.MAX_VALUE),
                V2Json.integer(limits, "ping_interval_ms", 1, Long.MAX_VALUE),
                V2Json.integer(limits, "idle_timeout_ms", 1, Long.MAX_VALUE));
        JsonNode users = object.get("users");
        if (users == null || !users.isArray()) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"users\" must be a list", null);
        }
        List<UserInfo> list = new ArrayList<>();
        for (JsonNode user : users) {
            if (!(user instanceof ObjectNode userObject)) {
                throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"users\" must hold objects", null);
            }
            list.add(user(userObject));
        }
        return new ServerMessage.Welcome((int) V2Json.integer(object, "version", 0, Integer.MAX_VALUE),
                V2Json.text(object, "server"), V2Json.text(object, "name"), V2Json.text(object, "address"), announced, list,
                V2Json.optionalText(object, "scram_final", null), V2Json.optionalText(object, "epoch", ""),
                V2Json.flag(object, "users_follow"));
    }

    private static ServerMessage.Left left(ObjectNode object) throws V2DecodeException {
        return new ServerMessage.Left(V2Json.text(object, "name"), V2Json.optionalText(object, "reason", ""));
    }

    private static ServerMessage.Presence presence(ObjectNode object) throws V2DecodeException {
        List<UserInfo> joined = new ArrayList<>();
        for (ObjectNode user : objects(object, "joined")) {
            joined.add(user(user));
        }
        List<ServerMessage.Left> left = new ArrayList<>();
        for (ObjectNode gone : objects(object, "left")) {
            left.add(left(gone));
        }
        return new ServerMessage.Presence(joined, left);
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
            compressed = java.util.Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"data\" is not base64", null);
        }
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        try {
            inflater.setInput(compressed);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(compressed.length * 4);
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
        } catch (java.util.zip.DataFormatException e) {
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
        return new UserInfo(V2Json.text(node, "name"), V2Json.text(node, "address"),
                (int) V2Json.integer(node, "udp_port", 0, 65_535), wire(V2Json.text(node, "wire")), V2Json.time(node, "joined"));
    }

    private static Wire wire(String text) throws V2DecodeException {
        try {
            return Wire.parse(text);
        } catch (IllegalArgumentException e) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD, e.getMessage(), null);
        }
    }
}
