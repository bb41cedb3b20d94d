package chatlab.cluster;

import chatlab.history.LoggedMessage;
import chatlab.protocol.v2.Wire;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A room message as a stream keeps it: one JSON object per NATS message, the room's name left out (the stream and
 * subject name it). {@code {"seq":7,"time":"2026-12-01T10:15:30.123456789Z","from":"bjørn","wire":"v2","id":"k3x9",
 * "text":"hi","action":false}}; {@code id} is absent for lab senders. Unknown fields are skipped, so a later chatlab
 * may add some.
 */
final class LogRecordCodec {
    private static final JsonFactory JSON = new JsonFactory();

    private LogRecordCodec() {}

    static byte[] encode(LoggedMessage message) {
        return encode(message, true);
    }

    /**
     * @param withSeq false for a message the cluster bus publishes: the stream numbers it, and that number is the
     *                room's seq on every server
     */
    static byte[] encode(LoggedMessage message, boolean withSeq) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + message.text().length());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            if (withSeq) {
                json.writeNumberField("seq", message.seq());
            }
            json.writeStringField("time", message.time().toString());
            json.writeStringField("from", message.from());
            json.writeStringField("wire", message.wire().text());
            if (message.id() != null) {
                json.writeStringField("id", message.id());
            }
            json.writeStringField("text", message.text());
            json.writeBooleanField("action", message.action());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return out.toByteArray();
    }

    /**
     * The message in {@code data}, of {@code room}; {@code streamSeq} stands in for a record without its own seq (one
     * the cluster bus published: there the stream's number is the room's).
     *
     * @throws IllegalArgumentException when the data is not such a record
     */
    static LoggedMessage decode(String room, long streamSeq, byte[] data) {
        long seq = streamSeq;
        Instant time = null;
        String from = null;
        Wire wire = null;
        String id = null;
        String text = null;
        boolean action = false;
        try (JsonParser json = JSON.createParser(data)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "seq" -> seq = json.getLongValue();
                    case "time" -> time = Instant.parse(json.getText());
                    case "from" -> from = json.getText();
                    case "wire" -> wire = Wire.parse(json.getText());
                    case "id" -> id = json.getText();
                    case "text" -> text = json.getText();
                    case "action" -> action = json.getBooleanValue();
                    default -> json.skipChildren();
                }
            }
        } catch (IOException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a chatlab log record: " + e.getMessage(), e);
        }
        if (time == null || from == null || wire == null || text == null) {
            throw new IllegalArgumentException("not a chatlab log record: a field is missing");
        }
        return new LoggedMessage(room, seq, time, from, wire, id, text, action);
    }
}
