package chatlab.bench.load;

import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageDecoder;
import chatlab.protocol.v2.V2DecodeException;
import chatlab.protocol.v2.V2Type;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A v2 client's view of the room, from every server line that is not a bench message: the welcome's user list,
 * then presence changes. All of the bench's v2 presence handling is here and goes through the protocol module's
 * {@link ServerMessageDecoder}, so it follows whatever the protocol decodes. Every line of a type that is not a
 * chat message, an ack, an error or a keepalive counts as presence traffic, so a new presence message type is
 * counted before this class learns to apply it.
 *
 * <p>One shortcut, for speed: in a join storm of N every client learns of N users, N² user objects in all, and
 * decoding each one whole (its join time parsed into an {@code Instant}) made the bench slower than the server it
 * measured. So the four presence types the protocol has now ({@code welcome}, {@code joined}, {@code left},
 * {@code presence}), also deflated ({@code z}), are read with a streaming parser for their names alone; anything
 * else, or anything that does not
 * look exactly as expected, goes to the decoder. {@code V2LineScannerTest} feeds both paths the protocol module's own
 * encodings and checks they agree, so a protocol change that the shortcut would miss fails there. The server sends
 * one presence line, byte for byte, to every client, so what the shortcut reads is kept by exact bytes in a
 * {@link PresenceLineCache} and parsed once per bench event loop, not once per client.
 */
public final class V2Roster {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final ServerMessageDecoder decoder = new ServerMessageDecoder();
    private final boolean shortcut;
    private final Inbound inbound;
    private final Set<String> names = new HashSet<>();
    private long namesHash;
    private boolean welcomed;
    private long decodedLines;

    public V2Roster(Inbound inbound) {
        this(inbound, true);
    }

    /** @param shortcut read the presence types' names with the streaming parser (false: decode every line whole) */
    V2Roster(Inbound inbound, boolean shortcut) {
        this.inbound = inbound;
        this.shortcut = shortcut;
    }

    /** One line without its newline; {@code lineBytes} is what it cost on the wire, newline included. */
    public void line(byte[] data, int offset, int length, int lineBytes) {
        if (!inbound.followsNames() && countOnly(data, offset, length, lineBytes)) {
            return;
        }
        if (shortcut && presenceNames(data, offset, length, true)) {
            inbound.presenceBytes(lineBytes);
            changed();
            return;
        }
        decodedLines++;
        ServerMessage message;
        try {
            message = decoder.decode(data, offset, length);
        } catch (V2DecodeException | RuntimeException e) {
            inbound.serverError("garbled", "a line the protocol module cannot decode: "
                    + new String(data, offset, Math.min(length, 200), StandardCharsets.UTF_8), false);
            return;
        }
        if (message instanceof ServerMessage.Deflated deflated) {
            message = deflated.inner(); // the bench asks for deflate, as chatlab's client does
        }
        if (isPresence(message.type())) {
            inbound.presenceBytes(lineBytes);
        }
        if (message instanceof ServerMessage.Welcome welcome) {
            names.clear();
            namesHash = 0;
            welcome.users().forEach(user -> add(user.name()));
            welcomed = true;
            changed();
        } else if (message instanceof ServerMessage.Joined joined) {
            add(joined.user().name());
            changed();
        } else if (message instanceof ServerMessage.Left left) {
            remove(left.name());
            changed();
        } else if (message instanceof ServerMessage.Presence presence) {
            // A batch of changes: leaves first (a name in both lists left and came back).
            presence.left().forEach(left -> remove(left.name()));
            presence.joined().forEach(user -> add(user.name()));
            changed();
        } else if (message instanceof ServerMessage.Error error) {
            inbound.serverError(error.code().code(), error.message(), error.fatal());
        } else if (message instanceof ServerMessage.Ping ping) {
            inbound.ping(ping.token());
        } else if (message instanceof ServerMessage.Challenge) {
            inbound.serverError("auth", "the server asks for a password; the bench joins as a guest only", true);
        }
    }

    public int users() {
        return welcomed ? names.size() : -1;
    }

    /**
     * Without following names: a welcome registers the client (an empty list), presence lines and deflated lines
     * (which carry presence; chat messages are never deflated) are counted by their type alone. Anything else goes
     * on to be decoded (errors, pings).
     */
    private boolean countOnly(byte[] data, int offset, int length, int lineBytes) {
        String type;
        try (JsonParser parser = JSON.createParser(data, offset, length)) {
            type = leadingType(parser);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        if (type == null) {
            return false;
        }
        boolean welcome = type.equals(V2Type.WELCOME.tag());
        if (!welcome && !type.equals(V2Type.JOINED.tag()) && !type.equals(V2Type.LEFT.tag())
                && !type.equals(V2Type.PRESENCE.tag()) && !type.equals(V2Type.DEFLATED.tag())) {
            return false;
        }
        inbound.presenceBytes(lineBytes);
        if (welcome) {
            welcomed = true;
            inbound.roster(0, 0);
        }
        return true;
    }

    /** The {@code type} of a line whose first field it is (as the protocol's encoder writes it), else null. */
    private static String leadingType(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT || parser.nextToken() != JsonToken.FIELD_NAME
                || !"type".equals(parser.currentName()) || parser.nextToken() != JsonToken.VALUE_STRING) {
            return null;
        }
        return parser.getText();
    }

    /** Lines that went through the protocol decoder (not the shortcut). */
    long decodedLines() {
        return decodedLines;
    }

    /**
     * The shortcut: applies a welcome, joined, left or presence line from its names alone. Returns false, having
     * changed nothing, for any other line or any line it does not fully recognise.
     */
    private boolean presenceNames(byte[] data, int offset, int length, boolean mayBeDeflated) {
        PresenceLineCache cache = PresenceLineCache.forThisThread();
        PresenceLineCache.Parsed known = cache.find(data, offset, length);
        if (known == null) {
            known = parsePresence(data, offset, length, mayBeDeflated);
            if (known == null) {
                return false;
            }
            cache.put(data, offset, length, known);
        }
        apply(known);
        return true;
    }

    private void apply(PresenceLineCache.Parsed parsed) {
        if (parsed.reset()) {
            names.clear();
            namesHash = 0;
            welcomed = true;
        }
        for (int i = 0; i < parsed.removed().size(); i++) {
            if (names.remove(parsed.removed().get(i))) {
                namesHash -= parsed.removedHashes()[i];
            }
        }
        for (int i = 0; i < parsed.added().size(); i++) {
            if (names.add(parsed.added().get(i))) {
                namesHash += parsed.addedHashes()[i];
            }
        }
    }

    /** What a welcome, joined, left or presence line (perhaps deflated) says by name; null for anything else. */
    private static PresenceLineCache.Parsed parsePresence(byte[] data, int offset, int length, boolean mayBeDeflated) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        String type;
        try (JsonParser parser = JSON.createParser(data, offset, length)) {
            type = leadingType(parser);
            if (type == null) {
                return null;
            }
            if (mayBeDeflated && type.equals(V2Type.DEFLATED.tag())) {
                byte[] inner = inflated(parser);
                int innerLength = inner == null ? 0 : inner.length;
                while (innerLength > 0 && (inner[innerLength - 1] == '\n' || inner[innerLength - 1] == '\r')) {
                    innerLength--;
                }
                return inner == null ? null : parsePresence(inner, 0, innerLength, false);
            }
            if (!type.equals("welcome") && !type.equals("joined") && !type.equals("left") && !type.equals("presence")) {
                return null;
            }
            boolean found = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                Boolean read = switch (type + "." + field) {
                    case "welcome.users", "presence.joined" -> names(parser, value, added);
                    case "presence.left" -> names(parser, value, removed);
                    case "joined.user" -> name(parser, value, added);
                    case "left.name" -> value == JsonToken.VALUE_STRING && removed.add(parser.getText());
                    default -> {
                        parser.skipChildren();
                        yield null;
                    }
                };
                if (read != null) {
                    if (!read) {
                        return null; // a presence field not as expected: let the decoder judge the line
                    }
                    found = true;
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null || !found) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return PresenceLineCache.Parsed.of(type.equals("welcome"), added, removed);
    }

    /**
     * The line a deflated message holds: its {@code data} field, base64 of raw deflate (as the protocol's decoder
     * reads it), at most the decoder's limit; null for anything else.
     */
    private static byte[] inflated(JsonParser parser) throws IOException {
        String base64 = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            if (parser.nextToken() == JsonToken.VALUE_STRING && field.equals("data")) {
                base64 = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        if (base64 == null) {
            return null;
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(Base64.getDecoder().decode(base64));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())
                        || out.size() + n > ServerMessageDecoder.MAX_INFLATED_BYTES) {
                    return null;
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException | IllegalArgumentException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    /** An array of user objects: each one's {@code name}. */
    private static boolean names(JsonParser parser, JsonToken value, List<String> into) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            return false;
        }
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
            if (!name(parser, token, into)) {
                return false;
            }
        }
        return token == JsonToken.END_ARRAY;
    }

    /** One user object's {@code name}, the rest skipped. */
    private static boolean name(JsonParser parser, JsonToken value, List<String> into) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            return false;
        }
        String name = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            if (field.equals("name") && token == JsonToken.VALUE_STRING) {
                name = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        if (name == null) {
            return false;
        }
        into.add(name);
        return true;
    }

    private void add(String name) {
        if (names.add(name)) {
            namesHash += NameHash.of(name);
        }
    }

    private void remove(String name) {
        if (names.remove(name)) {
            namesHash -= NameHash.of(name);
        }
    }

    private void changed() {
        if (welcomed) {
            inbound.roster(names.size(), namesHash);
        }
    }

    private static boolean isPresence(V2Type type) {
        return switch (type) {
            case MESSAGE, ACK, ERROR, PING, PONG, WHISPER, CHALLENGE, REKEY -> false;
            default -> true; // welcome, joined, left, presence, and whatever the protocol adds
        };
    }
}
