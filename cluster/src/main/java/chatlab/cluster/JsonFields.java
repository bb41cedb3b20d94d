package chatlab.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Reads one flat JSON object, for the small codecs of what the servers tell each other. */
final class JsonFields {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonFields() {}

    /**
     * The object's string fields by name (other fields are skipped).
     *
     * @param what what the data should be, for the exception's message
     * @throws IllegalArgumentException when the data is not a JSON object
     */
    static Map<String, String> strings(byte[] data, String what) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser json = JSON.createParser(data)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not " + what + ": not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                if (json.nextToken() == JsonToken.VALUE_STRING) {
                    fields.put(name, json.getText());
                } else {
                    json.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not " + what + ": " + e.getMessage(), e);
        }
        return fields;
    }
}
