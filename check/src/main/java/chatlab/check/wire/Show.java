package chatlab.check.wire;

import java.nio.charset.StandardCharsets;

/**
 * Shows bytes and text in evidence so a student sees exactly what went over the wire: printable text as it is,
 * everything else escaped as Python would write it in a bytes literal ({@code \n}, {@code \x00}), long runs cut in
 * the middle, and short payloads with their hex.
 */
public final class Show {
    /** Text longer than this is shown as its start and end. */
    public static final int MAX_SHOWN_CHARS = 160;
    /** Payloads up to this many bytes are also shown in hex. */
    public static final int MAX_HEX_BYTES = 24;

    private Show() {}

    /** {@code "alice: hi "}: quoted, escaped, cut when long. */
    public static String text(String text) {
        StringBuilder out = new StringBuilder("\"");
        String shown = text;
        int cut = 0;
        if (text.length() > MAX_SHOWN_CHARS) {
            int keep = MAX_SHOWN_CHARS / 2;
            cut = text.length() - 2 * keep;
            shown = text.substring(0, keep) + '\u0000' + text.substring(text.length() - keep);
        }
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '\u0000' && cut > 0 && i == MAX_SHOWN_CHARS / 2) {
                out.append("...(").append(cut).append(" more characters)...");
                continue;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** {@code "alice: hi " (10 bytes: 61 6c 69 63 65 3a 20 68 69 20)}; the hex only for short payloads. */
    public static String bytes(byte[] bytes) {
        String text = text(new String(bytes, StandardCharsets.UTF_8));
        if (bytes.length == 0) {
            return "nothing (0 bytes)";
        }
        if (bytes.length > MAX_HEX_BYTES) {
            return text + " (" + bytes.length + " bytes)";
        }
        return text + " (" + bytes.length + (bytes.length == 1 ? " byte: " : " bytes: ") + hex(bytes) + ")";
    }

    public static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(String.format("%02x", b & 0xff));
        }
        return out.toString();
    }

    /** "1 byte", "3 bytes". */
    public static String count(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
