package chatlab.capture.decode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader (RFC 8259) for payloads found in captures: one value per text, nothing but whitespace
 * around it. Objects become {@code Map<String, Object>} in member order, arrays {@code List<Object>}, strings
 * {@code String}, integers that fit {@code Long}, other numbers {@code BigDecimal}, {@code true}/{@code false}
 * {@code Boolean} and {@code null} {@link #NULL}.
 *
 * <p>Strict: no comments, no trailing commas, no single quotes, no leading zeros or {@code +}, no control characters
 * in strings, no unpaired surrogates, no duplicate keys. Bounded: at most {@code maxDepth} nested arrays and objects
 * (the outermost counts as 1, as Jackson counts) and at most {@code maxChars} characters, so hostile input costs
 * linear time and bounded stack. Every failure is a {@link JsonException} naming the offset; nothing else is thrown.
 */
public final class JsonReader {
    /** Default nesting limit (arrays and objects; the outermost is level 1). */
    public static final int DEFAULT_MAX_DEPTH = 16;
    /** Default limit on the length of the text, in chars. */
    public static final int DEFAULT_MAX_CHARS = 1 << 20;

    /** JSON {@code null}, as a value that can sit in maps and lists. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Why a text is not (acceptable) JSON, and where. */
    public static final class JsonException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int offset;

        JsonException(String reason, int offset) {
            super(reason + " at offset " + offset);
            this.offset = offset;
        }

        /** Index in the text (in chars) where reading stopped. */
        public int offset() {
            return offset;
        }
    }

    private final String s;
    private final int maxDepth;
    private int pos;
    private int depth;

    private JsonReader(String s, int maxDepth) {
        this.s = s;
        this.maxDepth = maxDepth;
    }

    public static Object parse(String text) throws JsonException {
        return parse(text, DEFAULT_MAX_DEPTH, DEFAULT_MAX_CHARS);
    }

    public static Object parse(String text, int maxDepth, int maxChars) throws JsonException {
        if (text == null) {
            throw new JsonException("no text", 0);
        }
        if (text.length() > maxChars) {
            throw new JsonException("text longer than " + maxChars + " characters", maxChars);
        }
        JsonReader r = new JsonReader(text, maxDepth);
        r.skipWhitespace();
        Object v = r.value();
        r.skipWhitespace();
        if (r.pos < text.length()) {
            throw new JsonException("unexpected " + r.describe() + " after the value", r.pos);
        }
        return v;
    }

    /** Parses a text that must hold a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text, int maxDepth, int maxChars) throws JsonException {
        Object v = parse(text, maxDepth, maxChars);
        if (!(v instanceof Map)) {
            throw new JsonException("not a JSON object", 0);
        }
        return (Map<String, Object>) v;
    }

    private String describe() {
        if (pos >= s.length()) {
            return "end of text";
        }
        char c = s.charAt(pos);
        return c < 0x20 || c > 0x7E ? String.format("character U+%04X", (int) c) : "'" + c + "'";
    }

    private JsonException error(String reason) {
        return new JsonException(reason, pos);
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private Object value() throws JsonException {
        if (pos >= s.length()) {
            throw error("truncated: a value is missing");
        }
        char c = s.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected " + describe());
            }
        };
    }

    private void enter() throws JsonException {
        if (++depth > maxDepth) {
            throw error("nesting deeper than " + maxDepth + " levels");
        }
    }

    private Map<String, Object> object() throws JsonException {
        enter();
        pos++;
        Map<String, Object> out = new LinkedHashMap<>();
        skipWhitespace();
        if (pos < s.length() && s.charAt(pos) == '}') {
            pos++;
            depth--;
            return Collections.unmodifiableMap(out);
        }
        while (true) {
            skipWhitespace();
            if (pos >= s.length()) {
                throw error("truncated: the object is not closed");
            }
            if (s.charAt(pos) != '"') {
                throw error("expected a string key but found " + describe());
            }
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            expect(':', "':' after the key");
            skipWhitespace();
            Object v = value();
            if (out.putIfAbsent(key, v) != null) {
                throw new JsonException("duplicate key \"" + key + "\"", keyAt);
            }
            skipWhitespace();
            if (pos >= s.length()) {
                throw error("truncated: the object is not closed");
            }
            char c = s.charAt(pos++);
            if (c == '}') {
                depth--;
                return Collections.unmodifiableMap(out);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' but found " + describe());
            }
        }
    }

    private List<Object> array() throws JsonException {
        enter();
        pos++;
        List<Object> out = new ArrayList<>();
        skipWhitespace();
        if (pos < s.length() && s.charAt(pos) == ']') {
            pos++;
            depth--;
            return Collections.unmodifiableList(out);
        }
        while (true) {
            skipWhitespace();
            out.add(value());
            skipWhitespace();
            if (pos >= s.length()) {
                throw error("truncated: the array is not closed");
            }
            char c = s.charAt(pos++);
            if (c == ']') {
                depth--;
                return Collections.unmodifiableList(out);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' but found " + describe());
            }
        }
    }

    private void expect(char c, String what) throws JsonException {
        if (pos >= s.length()) {
            throw error("truncated: expected " + what);
        }
        if (s.charAt(pos) != c) {
            throw error("expected " + what + " but found " + describe());
        }
        pos++;
    }

    private Object literal(String word, Object value) throws JsonException {
        for (int i = 0; i < word.length(); i++) {
            if (pos + i >= s.length()) {
                pos += i;
                throw error("truncated: expected " + word);
            }
            if (s.charAt(pos + i) != word.charAt(i)) {
                pos += i;
                throw error("unexpected " + describe());
            }
        }
        pos += word.length();
        return value;
    }

    private Object number() throws JsonException {
        int start = pos;
        boolean integer = true;
        if (s.charAt(pos) == '-') {
            pos++;
        }
        if (pos >= s.length()) {
            throw error("truncated: a number has no digits");
        }
        char c = s.charAt(pos);
        if (c == '0') {
            pos++;
            if (pos < s.length() && isDigit(s.charAt(pos))) {
                throw error("a number may not have a leading zero");
            }
        } else if (isDigit(c)) {
            digits();
        } else {
            throw error("expected a digit but found " + describe());
        }
        if (pos < s.length() && s.charAt(pos) == '.') {
            integer = false;
            pos++;
            requireDigits("a digit after the decimal point");
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            integer = false;
            pos++;
            if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                pos++;
            }
            requireDigits("a digit in the exponent");
        }
        String text = s.substring(start, pos);
        if (integer && text.length() <= 18) {
            return Long.parseLong(text);
        }
        try {
            BigDecimal d = new BigDecimal(text);
            if (integer) {
                try {
                    return d.longValueExact();
                } catch (ArithmeticException tooBig) {
                    return d;
                }
            }
            return d;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new JsonException("number out of range", start);
        }
    }

    private void requireDigits(String what) throws JsonException {
        if (pos >= s.length()) {
            throw error("truncated: expected " + what);
        }
        if (!isDigit(s.charAt(pos))) {
            throw error("expected " + what + " but found " + describe());
        }
        digits();
    }

    private void digits() {
        while (pos < s.length() && isDigit(s.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private String string() throws JsonException {
        pos++; // the opening quote
        StringBuilder sb = null;
        int runStart = pos;
        while (true) {
            if (pos >= s.length()) {
                throw error("truncated: the string is not closed");
            }
            char c = s.charAt(pos);
            if (c == '"') {
                String out = sb == null ? s.substring(runStart, pos) : sb.append(s, runStart, pos).toString();
                pos++;
                return out;
            }
            if (c < 0x20) {
                throw error(String.format("control character U+%04X in a string", (int) c));
            }
            if (Character.isSurrogate(c)) {
                // raw surrogates come from the decoded text itself; only a proper pair is accepted
                if (Character.isHighSurrogate(c) && pos + 1 < s.length() && Character.isLowSurrogate(s.charAt(pos + 1))) {
                    pos += 2;
                    continue;
                }
                throw error("unpaired surrogate in a string");
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder();
            }
            sb.append(s, runStart, pos);
            int escapeAt = pos;
            pos++;
            if (pos >= s.length()) {
                throw error("truncated: an escape is not finished");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    char u = hex4();
                    if (Character.isHighSurrogate(u)) {
                        if (pos + 1 < s.length() && s.charAt(pos) == '\\' && s.charAt(pos + 1) == 'u') {
                            pos += 2;
                            char low = hex4();
                            if (!Character.isLowSurrogate(low)) {
                                throw new JsonException("high surrogate \\u" + hex(u) + " not followed by a low one",
                                        escapeAt);
                            }
                            sb.append(u).append(low);
                        } else {
                            throw new JsonException("unpaired surrogate \\u" + hex(u), escapeAt);
                        }
                    } else if (Character.isLowSurrogate(u)) {
                        throw new JsonException("unpaired surrogate \\u" + hex(u), escapeAt);
                    } else {
                        sb.append(u);
                    }
                }
                default -> {
                    pos--;
                    throw error("unknown escape \\" + (e < 0x20 || e > 0x7E ? describe() : String.valueOf(e)));
                }
            }
            runStart = pos;
        }
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }

    private char hex4() throws JsonException {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            if (pos >= s.length()) {
                throw error("truncated: \\u needs four hex digits");
            }
            int d = Character.digit(s.charAt(pos), 16);
            if (d < 0 || s.charAt(pos) > 'f') {
                throw error("expected a hex digit but found " + describe());
            }
            v = v * 16 + d;
            pos++;
        }
        return (char) v;
    }
}
