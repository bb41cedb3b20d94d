package chatlab.capture.flow;

import chatlab.capture.decode.JsonReader;
import chatlab.wire.V2Fields;
import chatlab.wire.V2Limits;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A v2 line of a capture read as a JSON object with a string "type", or the reason it is not one (then {@code
 * problem} says why): the one place the analyzer decodes a v2 line, plain or deflated ({@code z}), within the wire's
 * limits ({@link V2Limits}).
 */
record V2Object(Map<String, Object> fields, String type, String problem) {

    static V2Object read(byte[] bytes) {
        return read(bytes, LineSplitter.MAX_LINE_BYTES);
    }

    static V2Object read(byte[] bytes, int maxBytes) {
        String t;
        try {
            t = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new V2Object(null, null, "not UTF-8");
        }
        Map<String, Object> m;
        try {
            m = JsonReader.parseObject(t, V2Limits.MAX_NESTING_DEPTH, maxBytes);
        } catch (JsonReader.JsonException e) {
            return new V2Object(null, null, "not JSON: " + e.getMessage());
        }
        if (!(m.get(V2Fields.TYPE) instanceof String type)) {
            return new V2Object(m, null, "no string field \"type\"");
        }
        return new V2Object(m, type, null);
    }

    /** A v2 {@code z} message's {@code data}: base64 of raw deflate (RFC 1951) of one JSON line. */
    static V2Object inflate(String base64) {
        if (base64 == null) {
            return new V2Object(null, null, "no string field \"data\"");
        }
        byte[] compressed;
        try {
            compressed = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new V2Object(null, null, "\"data\" is not base64");
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return new V2Object(null, null, "\"data\" is cut short");
                }
                if (out.size() + n > V2Limits.MAX_INFLATED_BYTES) {
                    return new V2Object(null, null, "inflates past " + V2Limits.MAX_INFLATED_BYTES + " bytes");
                }
                out.write(chunk, 0, n);
            }
            return read(out.toByteArray(), V2Limits.MAX_INFLATED_BYTES);
        } catch (DataFormatException e) {
            return new V2Object(null, null, "\"data\" is not deflate data");
        } finally {
            inflater.end();
        }
    }
}
