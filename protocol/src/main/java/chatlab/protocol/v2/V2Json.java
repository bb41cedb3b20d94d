package chatlab.protocol.v2;

import chatlab.wire.V2Fields;
import chatlab.wire.V2Limits;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** JSON reading and writing shared by the v2 codecs, with bounded nesting and string sizes. */
final class V2Json {
    /** A message is a flat object with at most a list or two inside; deeper input is refused early. */
    static final int MAX_NESTING = V2Limits.MAX_NESTING_DEPTH;
    /** Longest id a client may choose. */
    static final int MAX_ID_CHARS = 64;

    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxStringLength(1 << 20)
                    .maxNumberLength(32)
                    .build())
            // {"type":"say","type":"bye"} is ambiguous: refused as a bad frame, never read as the last key.
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private V2Json() {}

    /** Parses one line into an object that has a string "type", or throws with BAD_FRAME. */
    static ObjectNode parseObject(byte[] bytes, int offset, int length) throws V2DecodeException {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes, offset, length);
        } catch (IOException | RuntimeException e) {
            if (nestedDeeperThan(bytes, offset, length, MAX_NESTING)) {
                throw new V2DecodeException(ErrorCode.BAD_FRAME, "the line is nested too deeply: JSON objects and "
                        + "lists may be nested at most " + MAX_NESTING + " levels", null);
            }
            throw new V2DecodeException(ErrorCode.BAD_FRAME, "the line is not valid JSON", null);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new V2DecodeException(ErrorCode.BAD_FRAME, "the line is not a JSON object", null);
        }
        if (!object.path(V2Fields.TYPE).isTextual()) {
            throw new V2DecodeException(ErrorCode.BAD_FRAME, "the object has no string field \"type\"", refOf(object));
        }
        return object;
    }

    /**
     * Whether objects and lists open more than {@code max} levels deep, outside strings. Jackson reports every broken
     * constraint (nesting, string or number length) like any other parse error; this tells the nesting apart, on the
     * error path only.
     */
    static boolean nestedDeeperThan(byte[] bytes, int offset, int length, int max) {
        int depth = 0;
        boolean inString = false;
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (inString) {
                if (b == '\\') {
                    i++; // the escaped byte cannot end the string
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                if (++depth > max) {
                    return true;
                }
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return false;
    }

    static String refOf(ObjectNode object) {
        JsonNode id = object.get(V2Fields.ID);
        return id != null && id.isTextual() && id.textValue().length() <= MAX_ID_CHARS ? id.textValue() : null;
    }

    static String text(ObjectNode object, String field) throws V2DecodeException {
        JsonNode value = object.get(field);
        if (value == null || !value.isTextual()) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD,
                    "field \"" + field + "\" must be a string", refOf(object));
        }
        return value.textValue();
    }

    static String optionalText(ObjectNode object, String field, String fallback) throws V2DecodeException {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"" + field + "\" must be a string", refOf(object));
        }
        return value.textValue();
    }

    static String id(ObjectNode object) throws V2DecodeException {
        String id = text(object, V2Fields.ID);
        if (id.isEmpty() || id.length() > MAX_ID_CHARS) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD,
                    "field \"id\" must have 1 to " + MAX_ID_CHARS + " characters", null);
        }
        return id;
    }

    static long integer(ObjectNode object, String field, long min, long max) throws V2DecodeException {
        JsonNode value = object.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"" + field + "\" must be a whole number", refOf(object));
        }
        long number = value.longValue();
        if (number < min || number > max) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD,
                    "field \"" + field + "\" must be between " + min + " and " + max, refOf(object));
        }
        return number;
    }

    static long optionalInteger(ObjectNode object, String field, long min, long max, long fallback) throws V2DecodeException {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? fallback : integer(object, field, min, max);
    }

    static double number(ObjectNode object, String field) throws V2DecodeException {
        JsonNode value = object.get(field);
        if (value == null || !value.isNumber()) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"" + field + "\" must be a number", refOf(object));
        }
        return value.doubleValue();
    }

    static boolean flag(ObjectNode object, String field) throws V2DecodeException {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"" + field + "\" must be true or false", refOf(object));
        }
        return value.booleanValue();
    }

    static List<String> textList(ObjectNode object, String field) throws V2DecodeException {
        JsonNode value = object.get(field);
        List<String> list = new ArrayList<>();
        if (value == null || value.isNull()) {
            return list;
        }
        if (!value.isArray() || value.size() > 64) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD,
                    "field \"" + field + "\" must be a list of at most 64 strings", refOf(object));
        }
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"" + field + "\" must hold only strings", refOf(object));
            }
            list.add(item.textValue());
        }
        return list;
    }

    static Instant time(ObjectNode object, String field) throws V2DecodeException {
        String text = text(object, field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new V2DecodeException(ErrorCode.BAD_FIELD, "field \"" + field + "\" must be an ISO-8601 time", refOf(object));
        }
    }

    static ObjectNode object(V2Type type) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put(V2Fields.TYPE, type.tag());
        return node;
    }

    /** The object as one line: compact JSON, UTF-8, ending in a newline. */
    static byte[] line(ObjectNode node) {
        try {
            byte[] json = MAPPER.writeValueAsBytes(node);
            byte[] line = new byte[json.length + 1];
            System.arraycopy(json, 0, line, 0, json.length);
            line[json.length] = '\n';
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object as one datagram: compact JSON, UTF-8, no newline. */
    static byte[] datagram(ObjectNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
