package chatlab.cluster;

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
 * A whisper between servers: {@code {"from":"alice","id":"k3x-2","to":"bob","text":"psst",
 * "time":"2026-12-07T15:00:00.123Z"}}; the answer is {@code {"answer":"delivered"}} or {@code {"answer":"unknown_user"}}.
 * Unknown fields are skipped.
 */
final class WhisperCodec {
    private static final JsonFactory JSON = new JsonFactory();

    private WhisperCodec() {}

    static byte[] encode(WhisperExchange.Whisper whisper) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + whisper.text().length());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("from", whisper.from());
            json.writeStringField("id", whisper.id());
            json.writeStringField("to", whisper.to());
            json.writeStringField("text", whisper.text());
            json.writeStringField("time", whisper.time().toString());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when the data is not a whisper */
    static WhisperExchange.Whisper decode(byte[] data) {
        String from = null;
        String id = null;
        String to = null;
        String text = null;
        Instant time = null;
        try (JsonParser json = JSON.createParser(data)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "from" -> from = json.getText();
                    case "id" -> id = json.getText();
                    case "to" -> to = json.getText();
                    case "text" -> text = json.getText();
                    case "time" -> time = Instant.parse(json.getText());
                    default -> json.skipChildren();
                }
            }
        } catch (IOException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a chatlab whisper: " + e.getMessage(), e);
        }
        if (from == null || to == null || text == null || time == null) {
            throw new IllegalArgumentException("not a chatlab whisper: a field is missing");
        }
        return new WhisperExchange.Whisper(from, id, to, text, time);
    }

    static byte[] encode(WhisperExchange.Answer answer) {
        return ("{\"answer\":\"" + answer.text() + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException when the data is not an answer */
    static WhisperExchange.Answer decodeAnswer(byte[] data) {
        try (JsonParser json = JSON.createParser(data)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                if (field.equals("answer")) {
                    return WhisperExchange.Answer.parse(json.getText());
                }
                json.skipChildren();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a whisper's answer: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("not a whisper's answer: no \"answer\"");
    }
}
