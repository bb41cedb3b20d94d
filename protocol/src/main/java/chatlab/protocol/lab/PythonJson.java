package chatlab.protocol.lab;

import java.util.Map;

/**
 * Writes a map of strings exactly as Python's {@code json.dumps(d)} does with its defaults: separators
 * {@code ", "} and {@code ": "}, insertion order, {@code ensure_ascii=True}. Python escapes {@code "} and
 * {@code \} with a backslash, {@code \n \r \t \b \f} by name, and every other character outside printable ASCII
 * (0x20 to 0x7E) as {@code \}{@code uXXXX} with lower-case hex, writing characters above U+FFFF as their UTF-16
 * surrogate pair (CPython Lib/json/encoder.py, {@code py_encode_basestring_ascii}).
 */
public final class PythonJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PythonJson() {}

    public static String dumps(Map<String, String> map) {
        StringBuilder out = new StringBuilder(16 + map.size() * 32);
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> entry : map.entrySet()) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            appendString(out, entry.getKey());
            out.append(": ");
            appendString(out, entry.getValue());
        }
        return out.append('}').toString();
    }

    /** One entry of a dict as {@link #dumps} writes it: {@code "KEY": "VALUE"} (pure ASCII). */
    public static String entry(String key, String value) {
        StringBuilder out = new StringBuilder(8 + key.length() + value.length());
        appendString(out, key);
        out.append(": ");
        appendString(out, value);
        return out.toString();
    }

    static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c >= 0x20 && c <= 0x7e) {
                        out.append(c);
                    } else {
                        // Java strings are UTF-16, so a character above U+FFFF is already two surrogates here.
                        out.append("\\u")
                                .append(HEX[(c >> 12) & 0xf])
                                .append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf])
                                .append(HEX[c & 0xf]);
                    }
                }
            }
        }
        out.append('"');
    }
}
