package chatlab.capture.flow;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lab server's user map, {@code !} followed by a JSON object of names to addresses, as the chat rebuilt from a
 * capture reads it: where the object ends in a relay that may carry more after it, and its string pairs.
 */
final class LabUserMap {
    private LabUserMap() {
    }

    /** Index just past the JSON object that starts at {@code from}, or -1. */
    static int end(String t, int from) {
        if (from >= t.length() || t.charAt(from) != '{') {
            return -1;
        }
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < t.length(); i++) {
            char c = t.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    /** Parses {"a": "b", ...} with string keys and values (RFC 8259 strings); returns empty on anything else. */
    static Map<String, String> parse(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        int[] pos = {0};
        try {
            skipWs(json, pos);
            expect(json, pos, '{');
            skipWs(json, pos);
            if (json.charAt(pos[0]) == '}') {
                return out;
            }
            while (true) {
                skipWs(json, pos);
                String k = string(json, pos);
                skipWs(json, pos);
                expect(json, pos, ':');
                skipWs(json, pos);
                String v = string(json, pos);
                out.put(k, v);
                skipWs(json, pos);
                char c = json.charAt(pos[0]++);
                if (c == '}') {
                    return out;
                }
                if (c != ',') {
                    return new LinkedHashMap<>();
                }
            }
        } catch (RuntimeException e) {
            return new LinkedHashMap<>();
        }
    }

    private static void skipWs(String s, int[] p) {
        while (p[0] < s.length() && Character.isWhitespace(s.charAt(p[0]))) {
            p[0]++;
        }
    }

    private static void expect(String s, int[] p, char c) {
        if (s.charAt(p[0]++) != c) {
            throw new IllegalArgumentException();
        }
    }

    private static String string(String s, int[] p) {
        expect(s, p, '"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = s.charAt(p[0]++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = s.charAt(p[0]++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(p[0], p[0] + 4), 16));
                        p[0] += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
    }
}
