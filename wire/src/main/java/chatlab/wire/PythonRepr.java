package chatlab.wire;

import java.util.Map;

/**
 * Python 3's {@code repr()} of a str and of a dict of str to str: what the lab's client prints for {@code #ls}, for
 * example {@code {'alice': '10.20.30.11'}}. Follows CPython's {@code unicode_repr} (Objects/unicodeobject.c): the
 * quote is {@code '} unless the text holds {@code '} and no {@code "}; backslash and that quote get a backslash;
 * tab, newline and carriage return are <code>&#92;t &#92;n &#92;r</code>; every other character that is not
 * printable is escaped as <code>&#92;xhh</code>, <code>&#92;uhhhh</code> or <code>&#92;Uhhhhhhhh</code>, the
 * shortest that holds it.
 *
 * <p>Printable is Python's {@code str.isprintable()}: every character except those in the Unicode categories
 * Other (Cc, Cf, Cs, Co, Cn) and Separator (Zl, Zp, Zs), the ASCII space excepted. The categories come from
 * the JDK's Unicode tables, so a character assigned after the JDK's Unicode version (Unicode 13 for Java 17) is
 * escaped here although a newer Python prints it.
 */
public final class PythonRepr {
    private PythonRepr() {}

    /** The repr of a str. */
    public static String string(String text) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(text.length() + 2).append(quote);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c == quote) {
                        out.append('\\').append(quote);
                    } else if (c == ' ' || isPrintable(c)) {
                        out.appendCodePoint(c);
                    } else if (c <= 0xFF) {
                        out.append("\\x").append(hex(c, 2));
                    } else if (c <= 0xFFFF) {
                        out.append("\\u").append(hex(c, 4));
                    } else {
                        out.append("\\U").append(hex(c, 8));
                    }
                }
            }
        });
        return out.append(quote).toString();
    }

    /** The repr of a dict of str to str, in the map's order; {@code None} for null. */
    public static String dict(Map<String, String> map) {
        if (map == null) {
            return "None";
        }
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, String> entry : map.entrySet()) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(string(entry.getKey())).append(": ").append(string(entry.getValue()));
        }
        return out.append('}').toString();
    }

    private static boolean isPrintable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    private static String hex(int c, int digits) {
        String h = Integer.toHexString(c);
        return "0".repeat(digits - h.length()) + h;
    }
}
