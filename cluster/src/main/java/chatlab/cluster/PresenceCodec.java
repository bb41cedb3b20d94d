package chatlab.cluster;

import chatlab.protocol.v2.Wire;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A server's roster as it tells the others: {@code {"users":[{"name":"bob","address":"10.0.0.7","udpPort":5000,
 * "wire":"lab","rooms":["#general","#dev"]}]}}. Always the whole roster (a few tens of bytes per user), so a server
 * that missed one roster is right again with the next; unknown fields are skipped, and a user without {@code rooms}
 * (a server from before rooms were exchanged) is in the default room alone.
 */
final class PresenceCodec {
    private static final JsonFactory JSON = new JsonFactory();

    private PresenceCodec() {}

    static byte[] encode(List<RemoteUser> users) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + 48 * users.size());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("users");
            for (RemoteUser user : users) {
                json.writeStartObject();
                json.writeStringField("name", user.name());
                json.writeStringField("address", user.address());
                json.writeNumberField("udpPort", user.udpPort());
                json.writeStringField("wire", user.wire().text());
                if (user.rooms() != null) {
                    json.writeArrayFieldStart("rooms");
                    for (String room : user.rooms()) {
                        json.writeString(room);
                    }
                    json.writeEndArray();
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when the data is not a roster */
    static List<RemoteUser> decode(byte[] data) {
        List<RemoteUser> users = new ArrayList<>();
        try (JsonParser json = JSON.createParser(data)) {
            expect(json.nextToken(), JsonToken.START_OBJECT);
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (!field.equals("users")) {
                    json.skipChildren();
                    continue;
                }
                expect(value, JsonToken.START_ARRAY);
                while (json.nextToken() == JsonToken.START_OBJECT) {
                    users.add(user(json));
                }
            }
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not a chatlab roster: " + e.getMessage(), e);
        }
        return users;
    }

    private static RemoteUser user(JsonParser json) throws IOException {
        String name = null;
        String address = null;
        int udpPort = 0;
        Wire wire = null;
        List<String> rooms = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case "name" -> name = json.getText();
                case "address" -> address = json.getText();
                case "udpPort" -> udpPort = json.getIntValue();
                case "wire" -> wire = Wire.parse(json.getText());
                case "rooms" -> rooms = rooms(json);
                default -> json.skipChildren();
            }
        }
        return new RemoteUser(name, address, udpPort, wire, rooms);
    }

    private static List<String> rooms(JsonParser json) throws IOException {
        expect(json.currentToken(), JsonToken.START_ARRAY);
        List<String> rooms = new ArrayList<>();
        while (json.nextToken() == JsonToken.VALUE_STRING) {
            rooms.add(json.getText());
        }
        expect(json.currentToken(), JsonToken.END_ARRAY);
        return rooms;
    }

    private static void expect(JsonToken token, JsonToken expected) {
        if (token != expected) {
            throw new IllegalArgumentException("expected " + expected + ", got " + token);
        }
    }
}
