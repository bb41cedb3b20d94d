package chatlab.history;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The words of a message as the search index holds them, and a query's words made the same way, so a word matches
 * whatever it was typed with. Both sides go through {@link #fold}; SQLite's {@code unicode61} tokenizer (with its own
 * diacritic removal off) then cuts the result into words at everything that is not a letter or a digit.
 *
 * <ul>
 *   <li>Case is ignored, and compatibility forms are plain ones (NFKD: {@code ﬁ} is {@code fi}, full-width
 *       {@code Ａ} is {@code A}, half-width katakana full-width).
 *   <li>Accents and points are ignored in the Latin, Greek, Cyrillic, Arabic and Hebrew scripts ({@code café} finds
 *       {@code cafe} and back, Greek {@code καλημέρα} finds {@code Καλημερα}, Russian {@code ёлка} and {@code елка}
 *       are one word; so are {@code й} and {@code и}). Elsewhere marks are part of the letter (Japanese
 *       {@code が} is not {@code か}, Devanagari vowel signs stay).
 *   <li>Letters without a decomposition that keyboards without them spell otherwise: {@code ø} is {@code o},
 *       {@code æ} {@code ae}, {@code œ} {@code oe}, {@code ß} {@code ss}, {@code þ} {@code th}, {@code ð} and
 *       {@code đ} {@code d}, {@code ł} {@code l}, dotless {@code ı} {@code i}, final {@code ς} {@code σ}.
 *   <li>Scripts written without spaces between words (Chinese, Japanese, Korean, Thai, Lao, Khmer, Myanmar) are
 *       indexed one character at a time; a query word in them is a phrase of its characters, so {@code 東京} finds
 *       {@code 東京に行きます} (and a Korean word finds itself with a particle attached).
 * </ul>
 */
final class SearchText {
    /** Scripts whose words are not separated by spaces: each character is a word of its own. */
    private static final Set<UnicodeScript> UNSPACED = EnumSet.of(UnicodeScript.HAN, UnicodeScript.HIRAGANA,
            UnicodeScript.KATAKANA, UnicodeScript.HANGUL, UnicodeScript.THAI, UnicodeScript.LAO, UnicodeScript.KHMER,
            UnicodeScript.MYANMAR);
    /** Scripts whose combining marks are accents or vowel points that searchers leave out. */
    private static final Set<UnicodeScript> MARKS_IGNORED = EnumSet.of(UnicodeScript.LATIN, UnicodeScript.GREEK,
            UnicodeScript.CYRILLIC, UnicodeScript.ARABIC, UnicodeScript.HEBREW);
    /** Letters (after lower-casing) that NFKD leaves alone but a searcher may type otherwise. */
    private static final Map<Integer, String> SPELLED = Map.of('ø' + 0, "o", 'æ' + 0, "ae", 'œ' + 0, "oe",
            'ß' + 0, "ss", 'þ' + 0, "th", 'ð' + 0, "d", 'đ' + 0, "d", 'ł' + 0, "l", 'ı' + 0, "i", 'ς' + 0, "σ");
    /**
     * A query word this long or longer (in letters and digits at its end) also finds words that begin with it. Four,
     * not three: the index keeps no prefix index (it cost a quarter more work per message indexed), and a prefix of
     * three letters of a common word ({@code the*}) gathers so many words that a search took 6.5 ms in 100,000
     * messages.
     */
    static final int MIN_PREFIX_CHARS = 4;

    private SearchText() {}

    /** The text as the index holds it (a query word goes through the same). */
    static String fold(String text) {
        if (isAscii(text)) {
            return text; // nothing to fold that the tokenizer does not (it lower-cases ASCII itself)
        }
        String decomposed = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFKD);
        StringBuilder plain = new StringBuilder(decomposed.length());
        UnicodeScript base = UnicodeScript.COMMON;
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.NON_SPACING_MARK) {
                if (!MARKS_IGNORED.contains(base)) {
                    plain.appendCodePoint(cp);
                }
                continue;
            }
            base = UnicodeScript.of(cp);
            String spelled = SPELLED.get(cp);
            if (spelled != null) {
                plain.append(spelled);
            } else {
                plain.appendCodePoint(cp);
            }
        }
        // Composed again (Hangul syllables, kana with their voicing marks) before unspaced scripts are cut apart.
        String composed = Normalizer.normalize(plain, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(composed.length() + 16);
        for (int i = 0; i < composed.length(); ) {
            int cp = composed.codePointAt(i);
            i += Character.charCount(cp);
            if (UNSPACED.contains(UnicodeScript.of(cp))) {
                out.append(' ').appendCodePoint(cp).append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * The FTS5 query for one room's messages holding every word: each word is one FTS5 string (in double quotes,
     * with its own quotes doubled), which FTS5 takes literally, as a phrase of the words its text cuts into, so no
     * word can be read as an operator. A word ending in {@value #MIN_PREFIX_CHARS} or more letters or digits of a
     * spaced script also matches words that begin with it ({@code *}); shorter ones only whole words (a short prefix
     * would gather a large part of the index).
     */
    static String matchExpression(long roomId, SearchQuery query) {
        return "room : \"" + roomToken(roomId) + "\" AND " + wordsExpression(query);
    }

    /** The query's words alone, for the column {@code words} (the index's, and {@link SearchCheck}'s). */
    static String wordsExpression(SearchQuery query) {
        StringBuilder match = new StringBuilder("words : (");
        String and = "";
        for (String word : query.words()) {
            String folded = fold(word);
            match.append(and).append('"').append(folded.replace("\"", "\"\"")).append('"');
            if (endsInLongRun(folded)) {
                match.append('*');
            }
            and = " AND ";
        }
        return match.append(')').toString();
    }

    /** The token in the index's column {@code room} naming a message's room: the room's id. */
    static String roomToken(long roomId) {
        return Long.toString(roomId);
    }

    /** Whether the text ends (past trailing punctuation) in at least MIN_PREFIX_CHARS letters or digits of a spaced script. */
    private static boolean endsInLongRun(String folded) {
        int end = folded.length();
        while (end > 0 && !Character.isLetterOrDigit(folded.codePointBefore(end))) {
            end -= Character.charCount(folded.codePointBefore(end));
        }
        int run = 0;
        for (int i = end; i > 0; ) {
            int cp = folded.codePointBefore(i);
            if (!Character.isLetterOrDigit(cp) || UNSPACED.contains(UnicodeScript.of(cp))) {
                break;
            }
            run++;
            i -= Character.charCount(cp);
        }
        return run >= MIN_PREFIX_CHARS;
    }
}
