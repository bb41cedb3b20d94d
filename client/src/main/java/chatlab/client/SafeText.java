package chatlab.client;

/**
 * The one rule for showing text that came from someone else (a peer, a server) on the user's console: characters
 * that could drive the terminal or disguise the text are shown escaped, everything else as it is.
 *
 * <p>Escaped: C0 and C1 controls except tab (ESC starts terminal commands, CR and BS overwrite what is shown), DEL,
 * the line and paragraph separators U+2028 and U+2029 (a line break in disguise), and every other format character
 * (Unicode category Cf): the bidirectional embeddings, overrides and isolates U+202A to U+202E and U+2066 to U+2069
 * and the marks U+200E, U+200F and U+061C, which make text read in another order than it is stored ("Trojan
 * Source", CVE-2021-42574); invisible ones such as U+200B and U+FEFF; and the tag characters U+E0000 to U+E007F,
 * which hide text from the reader. Kept: U+200C and U+200D (zero-width non-joiner and joiner), which many scripts and
 * emoji sequences need and which move nothing. Unpaired surrogates are escaped too.
 *
 * <p>C0 controls are shown in caret notation ({@code ESC} as {@code ^[}, DEL as {@code ^?}), anything else as
 * {@code \}{@code uXXXX} (or {@code \}{@code U+XXXXX} beyond the BMP).
 */
public final class SafeText {
    private static final int ZERO_WIDTH_NON_JOINER = 0x200C;
    private static final int ZERO_WIDTH_JOINER = 0x200D;

    private SafeText() {}

    /** {@code text} with every character the rule above names escaped. */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            boolean unsafe = isUnsafe(cp);
            if (unsafe && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                if (!unsafe) {
                    out.appendCodePoint(cp);
                } else if (cp < 0x20) {
                    out.append('^').append((char) (cp + 64));
                } else if (cp == 0x7f) {
                    out.append("^?");
                } else if (cp <= 0xffff) {
                    out.append(String.format("\\u%04x", cp));
                } else {
                    out.append(String.format("\\U+%x", cp));
                }
            }
            i = next;
        }
        return out == null ? text : out.toString();
    }

    /**
     * The first line of {@code text} (without its line end), cut to at most {@code maxChars} characters (the last
     * an ellipsis) and escaped: to quote what a stranger sent in one line of our own.
     */
    public static String firstLine(String text, int maxChars) {
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.codePointCount(0, line.length()) > maxChars) {
            line = line.substring(0, line.offsetByCodePoints(0, maxChars - 1)) + "…";
        }
        return escape(line);
    }

    static boolean isUnsafe(int cp) {
        if (cp == '\t' || cp == ZERO_WIDTH_NON_JOINER || cp == ZERO_WIDTH_JOINER) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        };
    }
}
