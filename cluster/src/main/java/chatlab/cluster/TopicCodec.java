package chatlab.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A room's topic in the cluster's topics bucket: {@code {"text":"release on friday","by":"alice",
 * "time":"2026-12-07T11:21:30.113Z"}} (empty text: cleared). A value that is not a JSON object is a topic's bare
 * text (as {@link JetStreamMessageLog#setTopic} writes it), set by nobody known at the entry's time.
 */
final class TopicCodec {
    private static final JsonFactory JSON = new JsonFactory();

    private TopicCodec() {}

    static byte[] encode(ClusterTopics.Topic topic) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + topic.text().length());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("text", topic.text());
            json.writeStringField("by", topic.by());
            json.writeStringField("time", topic.time().toString());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * @param stored when the broker stored the value (the time of a bare text)
     * @throws IllegalArgumentException when a JSON value is not a topic
     */
    static ClusterTopics.Topic decode(byte[] data, Instant stored) {
        if (data.length == 0 || data[0] != '{') {
            return new ClusterTopics.Topic(new String(data, StandardCharsets.UTF_8), "", stored);
        }
        String text = null;
        String by = "";
        Instant time = stored;
        try (JsonParser json = JSON.createParser(data)) {
            json.nextToken();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "text" -> text = json.getText();
                    case "by" -> by = json.getText();
                    case "time" -> time = Instant.parse(json.getText());
                    default -> json.skipChildren();
                }
            }
        } catch (IOException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a chatlab topic: " + e.getMessage(), e);
        }
        if (text == null) {
            throw new IllegalArgumentException("not a chatlab topic: no \"text\"");
        }
        return new ClusterTopics.Topic(text, by, time);
    }
}
