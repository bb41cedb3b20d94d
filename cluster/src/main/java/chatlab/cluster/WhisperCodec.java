package chatlab.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

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
        Map<String, String> fields = JsonFields.strings(data, "a chatlab whisper");
        String from = fields.get("from");
        String to = fields.get("to");
        String text = fields.get("text");
        String time = fields.get("time");
        if (from == null || to == null || text == null || time == null) {
            throw new IllegalArgumentException("not a chatlab whisper: a field is missing");
        }
        try {
            return new WhisperExchange.Whisper(from, fields.get("id"), to, text, Instant.parse(time));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a chatlab whisper: " + e.getMessage(), e);
        }
    }

    static byte[] encode(WhisperExchange.Answer answer) {
        return ("{\"answer\":\"" + answer.text() + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException when the data is not an answer */
    static WhisperExchange.Answer decodeAnswer(byte[] data) {
        String answer = JsonFields.strings(data, "a whisper's answer").get("answer");
        if (answer == null) {
            throw new IllegalArgumentException("not a whisper's answer: no \"answer\"");
        }
        return WhisperExchange.Answer.parse(answer);
    }
}
