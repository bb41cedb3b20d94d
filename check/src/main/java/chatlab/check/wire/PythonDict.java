package chatlab.check.wire;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a dictionary of strings as Python's {@code print(dict)} writes it, such as
 * <code>{'alice': '10.20.30.11', "o'neil": '10.20.30.12'}</code>: what the lab's client prints for {@code #ls}.
 * String literals follow Python's repr: single quotes unless the text holds a single quote and no double quote,
 * backslash escapes {@code \\ \' \" \n \r \t \xhh \\uhhhh \Uhhhhhhhh} (Python Language Reference, 2.4.1).
 */
public final class PythonDict {
    private final String text;
    private int at;

    private PythonDict(String text, int at) {
        this.text = text;
        this.at = at;
    }

    /** The first dictionary of strings in {@code line} (a prompt before it is skipped); empty when there is none. */
    public static Optional<Map<String, String>> find(String line) {
        for (int start = line.indexOf('{'); start >= 0; start = line.indexOf('{', start + 1)) {
            Optional<Map<String, String>> parsed = new PythonDict(line, start).dict();
            if (parsed.isPresent()) {
                return parsed;
            }
        }
        return Optional.empty();
    }

    private Optional<Map<String, String>> dict() {
        Map<String, String> map = new LinkedHashMap<>();
        at++; // '{'
        skipSpaces();
        if (peek() == '}') {
            return Optional.of(map);
        }
        while (true) {
            Optional<String> key = string();
            skipSpaces();
            if (key.isEmpty() || peek() != ':') {
                return Optional.empty();
            }
            at++;
            skipSpaces();
            Optional<String> value = string();
            if (value.isEmpty()) {
                return Optional.empty();
            }
            map.put(key.get(), value.get());
            skipSpaces();
            char next = peek();
            at++;
            if (next == '}') {
                return Optional.of(map);
            }
            if (next != ',') {
                return Optional.empty();
            }
            skipSpaces();
        }
    }

    private Optional<String> string() {
        char quote = peek();
        if (quote != '\'' && quote != '"') {
            return Optional.empty();
        }
        at++;
        StringBuilder out = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == quote) {
                return Optional.of(out.toString());
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                return Optional.empty();
            }
            char e = text.charAt(at++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'x' -> out.appendCodePoint(hex(2));
                case 'u' -> out.appendCodePoint(hex(4));
                case 'U' -> out.appendCodePoint(hex(8));
                default -> out.append(e);
            }
        }
        return Optional.empty();
    }

    private int hex(int digits) {
        if (at + digits > text.length()) {
            at = text.length();
            return 0xfffd;
        }
        try {
            int value = Integer.parseInt(text.substring(at, at + digits), 16);
            at += digits;
            return value;
        } catch (NumberFormatException e) {
            return 0xfffd;
        }
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void skipSpaces() {
        while (at < text.length() && text.charAt(at) == ' ') {
            at++;
        }
    }
}
