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
 * A room's topic in the cluster's topics bucket: {@code {"room":"#Dev","text":"release on friday","by":"alice",
 * "time":"2026-12-07T11:21:30.113Z"}} (empty text: cleared). The key is what the room's name reads as ({@link
 * RoomSubjects#roomToken}), so {@code room} tells the room's spelling (absent from values of earlier versions, whose
 * key is the spelling). A value that is not a JSON object is a topic's bare text (as {@link
 * JetStreamMessageLog#setTopic} writes it), set by nobody known at the entry's time.
 */
final class TopicCodec {
    private static final JsonFactory JSON = new JsonFactory();

    private TopicCodec() {}

    static byte[] encode(String room, ClusterTopics.Topic topic) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + room.length() + topic.text().length());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("room", room);
            json.writeStringField("text", topic.text());
            json.writeStringField("by", topic.by());
            json.writeStringField("time", topic.time().toString());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The room's spelling a value names, or null when it names none (a bare text, a value of an earlier version). */
    static String room(byte[] data) {
        if (data.length == 0 || data[0] != '{') {
            return null;
        }
        String room = JsonFields.strings(data, "a chatlab topic").get("room");
        return room == null || room.isEmpty() ? null : room;
    }

    /**
     * @param stored when the broker stored the value (the time of a bare text)
     * @throws IllegalArgumentException when a JSON value is not a topic
     */
    static ClusterTopics.Topic decode(byte[] data, Instant stored) {
        if (data.length == 0 || data[0] != '{') {
            return new ClusterTopics.Topic(new String(data, StandardCharsets.UTF_8), "", stored);
        }
        Map<String, String> fields = JsonFields.strings(data, "a chatlab topic");
        String text = fields.get("text");
        if (text == null) {
            throw new IllegalArgumentException("not a chatlab topic: no \"text\"");
        }
        try {
            String time = fields.get("time");
            return new ClusterTopics.Topic(text, fields.getOrDefault("by", ""),
                    time == null ? stored : Instant.parse(time));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a chatlab topic: " + e.getMessage(), e);
        }
    }
}
