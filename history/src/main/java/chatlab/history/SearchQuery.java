package chatlab.history;

import java.util.ArrayList;
import java.util.List;

/**
 * What a user searches for, as literal words: no operators, quotes or wildcards of any search engine, so no input
 * can make a search fail or do more than look up a few words. The words are the user's text split at white space
 * (and control characters); a piece without a letter or a digit ({@code -}, {@code ***}) is dropped. A message
 * matches when it holds every word; docs/HISTORY.md (*Search*) says what counts as holding one.
 */
public record SearchQuery(List<String> words) {
    /** Words in one search: each is one more index lookup, and a longer list finds nothing anyway. */
    public static final int MAX_WORDS = 8;
    /** Characters in one word (code points): longer is no word. */
    public static final int MAX_WORD_CHARS = 100;

    public SearchQuery {
        words = List.copyOf(words);
        if (words.isEmpty()) {
            throw new IllegalArgumentException(HistoryTexts.nothingToSearch());
        }
    }

    /**
     * The words of a user's search text.
     *
     * @throws IllegalArgumentException with the sentence to show the user: no word, more than {@link #MAX_WORDS},
     *                                  or a word longer than {@link #MAX_WORD_CHARS}
     */
    public static SearchQuery parse(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)) {
                addWord(words, word);
                word.setLength(0);
            } else {
                word.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        addWord(words, word);
        if (words.size() > MAX_WORDS) {
            throw new IllegalArgumentException(HistoryTexts.tooManyWords(MAX_WORDS));
        }
        return new SearchQuery(words);
    }

    private static void addWord(List<String> words, StringBuilder word) {
        if (word.codePoints().noneMatch(Character::isLetterOrDigit)) {
            return;
        }
        if (word.codePointCount(0, word.length()) > MAX_WORD_CHARS) {
            throw new IllegalArgumentException(HistoryTexts.wordTooLong(MAX_WORD_CHARS));
        }
        words.add(word.toString());
    }
}
