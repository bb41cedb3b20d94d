package chatlab.auth;

import java.text.Normalizer;

/**
 * The parts of SASLprep (RFC 4013) that matter for passwords typed by people: non-ASCII spaces become a space,
 * characters "commonly mapped to nothing" (RFC 3454 table B.1) are removed, and the result is NFKC-normalized, so
 * the same password typed on two keyboards gives the same key. Control characters are refused, as RFC 4013
 * prohibits them. (Bidirectional checks are not done: they refuse strings, they never change a valid one.)
 */
public final class SaslPrep {
    private SaslPrep() {}

    public static String prepare(String text) {
        StringBuilder mapped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (mapsToNothing(cp)) {
                continue;
            }
            if (cp != ' ' && Character.getType(cp) == Character.SPACE_SEPARATOR) {
                mapped.append(' ');
                continue;
            }
            if (Character.getType(cp) == Character.CONTROL) {
                throw new IllegalArgumentException("a password may not contain control characters");
            }
            mapped.appendCodePoint(cp);
        }
        return Normalizer.normalize(mapped, Normalizer.Form.NFKC);
    }

    private static boolean mapsToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D) || cp == 0x200B
                || cp == 0x200C || cp == 0x200D || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
    }
}
