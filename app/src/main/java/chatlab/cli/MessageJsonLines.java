package chatlab.cli;

import chatlab.history.LoggedMessage;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;

/**
 * A room's messages as JSON lines, one object per message: {@code room}, {@code seq}, {@code time} (ISO-8601 UTC, as
 * the v2 wire writes it), {@code from}, {@code wire} ({@code lab} or {@code v2}), {@code id} (null for lab users),
 * {@code text}, {@code action}. Text is written as it is (UTF-8), with JSON's escapes only where JSON needs them.
 */
final class MessageJsonLines {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private MessageJsonLines() {}

    static void write(Writer out, LoggedMessage message) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            json.writeStringField("room", message.room());
            json.writeNumberField("seq", message.seq());
            json.writeStringField("time", message.time().toString());
            json.writeStringField("from", message.from());
            json.writeStringField("wire", message.wire().text());
            json.writeStringField("id", message.id());
            json.writeStringField("text", message.text());
            json.writeBooleanField("action", message.action());
            json.writeEndObject();
        }
        out.write('\n');
    }
}
