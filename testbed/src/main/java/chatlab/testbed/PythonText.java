package chatlab.testbed;

import java.util.Map;

/** Strings and dictionaries as Python's {@code repr} shows them, for the lab client's {@code #ls}. */
final class PythonText {
    private PythonText() {}

    /** Python's repr of a str: single quotes unless the text holds a single quote and no double quote. */
    static String repr(String text) {
        char quote = text.contains("'") && !text.contains("\"") ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        text.codePoints().forEach(c -> {
            if (c == quote || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7F) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append(quote).toString();
    }

    /** Python's repr of a dict of str to str, in the map's order. */
    static String dict(Map<String, String> entries) {
        StringBuilder out = new StringBuilder("{");
        entries.forEach((k, v) -> {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(repr(k)).append(": ").append(repr(v));
        });
        return out.append('}').toString();
    }
}
