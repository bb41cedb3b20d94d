package chatlab.protocol.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Decodes one line the server sent to a v2 client (without its newline). Unknown fields are ignored. */
public final class ServerMessageDecoder {
    public ServerMessage decode(byte[] bytes, int offset, int length) throws V2DecodeException {
        ObjectNode object = V2Json.parseObject(bytes, offset, length);
        String tag = object.get("type").textValue();
        V2Type type = V2Type.ofTag(tag).orElseThrow(() -> new V2DecodeException(ErrorCode.UNKNOWN_TYPE,
                "unknown message type \"" + ClientMessageDecoder.abbreviate(tag) + "\"", null));
        return switch (type) {
            case WELCOME -> welcome(object);
            case JOINED -> new ServerMessage.Joined(user(sub(object, "user")));
            case LEFT -> new ServerMessage.Left(V2Json.text(object, "name"), V2Json.optionalText(object, "reason", ""));
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
                V2Json.optionalText(object, "scram_final", null), V2Json.optionalText(object, "epoch", ""));
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
