package chatlab.protocol.v2;

import chatlab.wire.V2Fields;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.zip.Deflater;

/** Encodes what the server sends to a v2 client: one compact JSON object and a newline. */
public final class ServerMessageEncoder {
    public byte[] encode(ServerMessage message) {
        ObjectNode node = V2Json.object(message.type());
        switch (message.type()) {
            case WELCOME -> {
                ServerMessage.Welcome welcome = (ServerMessage.Welcome) message;
                node.put(V2Fields.VERSION, welcome.version()).put(V2Fields.SERVER, welcome.server())
                        .put(V2Fields.NAME, welcome.name())
                        .put(V2Fields.ADDRESS, welcome.address());
                ServerMessage.AnnouncedLimits limits = welcome.limits();
                node.putObject(V2Fields.LIMITS)
                        .put(V2Fields.MAX_LINE_BYTES, limits.maxLineBytes())
                        .put(V2Fields.MAX_MESSAGE_BYTES, limits.maxMessageBytes())
                        .put(V2Fields.MAX_NAME_CHARS, limits.maxNameChars())
                        .put(V2Fields.MESSAGES_PER_SECOND, limits.messagesPerSecond())
                        .put(V2Fields.BURST_MESSAGES, limits.burstMessages())
                        .put(V2Fields.PING_INTERVAL_MS, limits.pingIntervalMillis())
                        .put(V2Fields.IDLE_TIMEOUT_MS, limits.idleTimeoutMillis());
                ArrayNode users = node.putArray(V2Fields.USERS);
                welcome.users().forEach(user -> user(users.addObject(), user));
                if (welcome.scramFinal() != null) {
                    node.put(V2Fields.SCRAM_FINAL, welcome.scramFinal());
                }
                node.put(V2Fields.EPOCH, welcome.epoch());
                if (welcome.usersFollow()) {
                    node.put(V2Fields.USERS_FOLLOW, true);
                }
                if (!welcome.features().isEmpty()) {
                    ArrayNode features = node.putArray(V2Fields.FEATURES);
                    welcome.features().forEach(features::add);
                }
                if (welcome.defaultRoom() != null) {
                    node.put(V2Fields.DEFAULT_ROOM, welcome.defaultRoom());
                }
            }
            case CHALLENGE -> {
                ServerMessage.Challenge challenge = (ServerMessage.Challenge) message;
                node.put(V2Fields.MECHANISM, challenge.mechanism()).put(V2Fields.SERVER_FIRST, challenge.serverFirst());
            }
            case REKEY -> {
                ServerMessage.Rekey rekey = (ServerMessage.Rekey) message;
                node.put(V2Fields.SALT, rekey.salt()).put(V2Fields.ITERATIONS, rekey.iterations());
            }
            case JOINED -> user(node.putObject(V2Fields.USER), ((ServerMessage.Joined) message).user());
            case LEFT -> {
                ServerMessage.Left left = (ServerMessage.Left) message;
                node.put(V2Fields.NAME, left.name()).put(V2Fields.REASON, left.reason());
            }
            case PRESENCE -> {
                ServerMessage.Presence presence = (ServerMessage.Presence) message;
                room(node, presence.room());
                ArrayNode joined = node.putArray(V2Fields.JOINED);
                presence.joined().forEach(user -> user(joined.addObject(), user));
                ArrayNode left = node.putArray(V2Fields.LEFT);
                presence.left().forEach(gone -> left.addObject().put(V2Fields.NAME, gone.name())
                        .put(V2Fields.REASON, gone.reason()));
            }
            case DEFLATED -> {
                return deflated(encode(((ServerMessage.Deflated) message).inner()));
            }
            case MESSAGE -> {
                ServerMessage.Message m = (ServerMessage.Message) message;
                room(node, m.room());
                node.put(V2Fields.FROM, m.from()).put(V2Fields.TEXT, m.text()).put(V2Fields.SEQ, m.seq())
                        .put(V2Fields.TIME, m.time().toString());
                if (m.id() != null) {
                    node.put(V2Fields.ID, m.id());
                }
                if (m.action()) {
                    node.put(V2Fields.ACTION, true);
                }
                node.put(V2Fields.WIRE, m.wire().text());
                if (m.history()) {
                    node.put(V2Fields.HISTORY, true);
                }
            }
            case HISTORY -> {
                ServerMessage.HistoryEnd end = (ServerMessage.HistoryEnd) message;
                pageEnd(node, end.room(), end.id(), end.count(), end.more(), end.before());
            }
            case SEARCH -> {
                ServerMessage.SearchEnd end = (ServerMessage.SearchEnd) message;
                pageEnd(node, end.room(), end.id(), end.count(), end.more(), end.before());
                node.put(V2Fields.TEXT, end.text());
            }
            case ACK -> {
                ServerMessage.Ack ack = (ServerMessage.Ack) message;
                room(node, ack.room());
                node.put(V2Fields.ID, ack.id()).put(V2Fields.SEQ, ack.seq()).put(V2Fields.TIME, ack.time().toString());
                if (ack.duplicate()) {
                    node.put(V2Fields.DUPLICATE, true);
                }
            }
            case WHISPER -> {
                ServerMessage.Whisper whisper = (ServerMessage.Whisper) message;
                node.put(V2Fields.FROM, whisper.from()).put(V2Fields.ID, whisper.id())
                        .put(V2Fields.TEXT, whisper.text())
                        .put(V2Fields.TIME, whisper.time().toString());
            }
            case ERROR -> {
                ServerMessage.Error error = (ServerMessage.Error) message;
                room(node, error.room());
                node.put(V2Fields.CODE, error.code().code()).put(V2Fields.MESSAGE, error.message())
                        .put(V2Fields.FATAL, error.fatal());
                if (error.ref() != null) {
                    node.put(V2Fields.REF, error.ref());
                }
            }
            case ROOM -> {
                ServerMessage.RoomState state = (ServerMessage.RoomState) message;
                node.put(V2Fields.ROOM, state.room()).put(V2Fields.EPOCH, state.epoch());
                if (state.topic() != null) {
                    node.put(V2Fields.TOPIC, state.topic()).put(V2Fields.TOPIC_BY, state.topicBy())
                            .put(V2Fields.TOPIC_TIME, state.topicTime().toString());
                }
                ArrayNode users = node.putArray(V2Fields.USERS);
                state.users().forEach(user -> user(users.addObject(), user));
            }
            case TOPIC -> {
                ServerMessage.Topic topic = (ServerMessage.Topic) message;
                node.put(V2Fields.ROOM, topic.room()).put(V2Fields.TEXT, topic.text()).put(V2Fields.BY, topic.by())
                        .put(V2Fields.TIME, topic.time().toString());
            }
            case PART -> node.put(V2Fields.ROOM, ((ServerMessage.Parted) message).room());
            case ROOMS -> {
                ArrayNode rooms = node.putArray(V2Fields.ROOMS);
                for (RoomSummary summary : ((ServerMessage.RoomList) message).rooms()) {
                    ObjectNode entry = rooms.addObject().put(V2Fields.ROOM, summary.room())
                            .put(V2Fields.MEMBERS, summary.members());
                    if (summary.topic() != null) {
                        entry.put(V2Fields.TOPIC, summary.topic());
                    }
                }
            }
            case PING -> node.put(V2Fields.TOKEN, ((ServerMessage.Ping) message).token());
            case PONG -> node.put(V2Fields.TOKEN, ((ServerMessage.Pong) message).token());
            default -> throw new IllegalArgumentException("not a server message: " + message);
        }
        return V2Json.line(node);
    }

    /**
     * Wraps an encoded line (with its newline) as {@code {"type":"z","data":BASE64}}, the line deflated (raw
     * RFC 1951, no zlib header). A user list of names and addresses shrinks to a fraction; the server encodes it once
     * and sends the same bytes to every client that asked for {@code deflate} in its hello.
     */
    public byte[] deflated(byte[] line) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(line, 0, line.length - 1); // without the newline
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(line.length / 4 + 64);
            byte[] chunk = new byte[8192];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            ObjectNode node = V2Json.object(V2Type.DEFLATED);
            node.put(V2Fields.DATA, Base64.getEncoder().encodeToString(out.toByteArray()));
            return V2Json.line(node);
        } finally {
            deflater.end();
        }
    }

    /** The room a message is about, right after its type; nothing for the default room to a client without rooms. */
    private static void room(ObjectNode node, String room) {
        if (room != null) {
            node.put(V2Fields.ROOM, room);
        }
    }

    /** The fields the end of a history page and of search results share. */
    private static void pageEnd(ObjectNode node, String room, String id, int count, boolean more, long before) {
        room(node, room);
        if (id != null) {
            node.put(V2Fields.ID, id);
        }
        node.put(V2Fields.COUNT, count).put(V2Fields.MORE, more).put(V2Fields.BEFORE, before);
    }

    private static void user(ObjectNode node, UserInfo user) {
        node.put(V2Fields.NAME, user.name()).put(V2Fields.ADDRESS, user.address())
                .put(V2Fields.UDP_PORT, user.udpPort())
                .put(V2Fields.WIRE, user.wire().text()).put(V2Fields.JOINED, user.joined().toString());
    }
}
