package chatlab.protocol.v2;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Encodes what the server sends to a v2 client: one compact JSON object and a newline. */
public final class ServerMessageEncoder {
    public byte[] encode(ServerMessage message) {
        ObjectNode node = V2Json.object(message.type());
        switch (message.type()) {
            case WELCOME -> {
                ServerMessage.Welcome welcome = (ServerMessage.Welcome) message;
                node.put("version", welcome.version()).put("server", welcome.server()).put("name", welcome.name())
                        .put("address", welcome.address());
                ServerMessage.AnnouncedLimits limits = welcome.limits();
                node.putObject("limits")
                        .put("max_line_bytes", limits.maxLineBytes())
                        .put("max_message_bytes", limits.maxMessageBytes())
                        .put("max_name_chars", limits.maxNameChars())
                        .put("messages_per_second", limits.messagesPerSecond())
                        .put("burst_messages", limits.burstMessages())
                        .put("ping_interval_ms", limits.pingIntervalMillis())
                        .put("idle_timeout_ms", limits.idleTimeoutMillis());
                ArrayNode users = node.putArray("users");
                welcome.users().forEach(user -> user(users.addObject(), user));
                if (welcome.scramFinal() != null) {
                    node.put("scram_final", welcome.scramFinal());
                }
                node.put("epoch", welcome.epoch());
                if (welcome.usersFollow()) {
                    node.put("users_follow", true);
                }
            }
            case CHALLENGE -> {
                ServerMessage.Challenge challenge = (ServerMessage.Challenge) message;
                node.put("mechanism", challenge.mechanism()).put("server_first", challenge.serverFirst());
            }
            case REKEY -> {
                ServerMessage.Rekey rekey = (ServerMessage.Rekey) message;
                node.put("salt", rekey.salt()).put("iterations", rekey.iterations());
            }
            case JOINED -> user(node.putObject("user"), ((ServerMessage.Joined) message).user());
            case LEFT -> {
                ServerMessage.Left left = (ServerMessage.Left) message;
                node.put("name", left.name()).put("reason", left.reason());
            }
            case PRESENCE -> {
                ServerMessage.Presence presence = (ServerMessage.Presence) message;
                ArrayNode joined = node.putArray("joined");
                presence.joined().forEach(user -> user(joined.addObject(), user));
                ArrayNode left = node.putArray("left");
                presence.left().forEach(gone -> left.addObject().put("name", gone.name()).put("reason", gone.reason()));
            }
            case DEFLATED -> {
                return deflated(encode(((ServerMessage.Deflated) message).inner()));
            }
            case MESSAGE -> {
                ServerMessage.Message m = (ServerMessage.Message) message;
                node.put("from", m.from()).put("text", m.text()).put("seq", m.seq()).put("time", m.time().toString());
                if (m.id() != null) {
                    node.put("id", m.id());
                }
                if (m.action()) {
                    node.put("action", true);
                }
                node.put("wire", m.wire().text());
            }
            case ACK -> {
                ServerMessage.Ack ack = (ServerMessage.Ack) message;
                node.put("id", ack.id()).put("seq", ack.seq()).put("time", ack.time().toString());
                if (ack.duplicate()) {
                    node.put("duplicate", true);
                }
            }
            case WHISPER -> {
                ServerMessage.Whisper whisper = (ServerMessage.Whisper) message;
                node.put("from", whisper.from()).put("id", whisper.id()).put("text", whisper.text())
                        .put("time", whisper.time().toString());
            }
            case ERROR -> {
                ServerMessage.Error error = (ServerMessage.Error) message;
                node.put("code", error.code().code()).put("message", error.message()).put("fatal", error.fatal());
                if (error.ref() != null) {
                    node.put("ref", error.ref());
                }
            }
            case PING -> node.put("token", ((ServerMessage.Ping) message).token());
            case PONG -> node.put("token", ((ServerMessage.Pong) message).token());
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
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(line, 0, line.length - 1); // without the newline
            deflater.finish();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(line.length / 4 + 64);
            byte[] chunk = new byte[8192];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            ObjectNode node = V2Json.object(V2Type.DEFLATED);
            node.put("data", java.util.Base64.getEncoder().encodeToString(out.toByteArray()));
            return V2Json.line(node);
        } finally {
            deflater.end();
        }
    }

    private static void user(ObjectNode node, UserInfo user) {
        node.put("name", user.name()).put("address", user.address()).put("udp_port", user.udpPort())
                .put("wire", user.wire().text()).put("joined", user.joined().toString());
    }
}
