package chatlab.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Which messages of a chunk the search index found hold the query's words. The index holds chunks (one document per
 * chunk, {@link LogSchema}); a chunk matches when its messages together hold every word, so each message is tried
 * again alone, by SQLite's own tokenizer, in a small in-memory FTS5 table of the reader's connection ({@code
 * temp.search_check}): the same words match as if each message had a document of its own, with no second tokenizer
 * to keep in step. A chunk of one message needs no second look, and a message without the query's ASCII letters and
 * digits ({@link #asciiRuns}) none either: it cannot match, and is not copied into the table.
 */
final class SearchCheck {
    /** The tokenizer of the index and of the check: they must be the same. */
    static final String TOKENIZER = "tokenize='unicode61 remove_diacritics 0'";

    private SearchCheck() {}

    /** Makes the check's table on a reader's connection (before it is made read-only). */
    static void prepare(Statement statement) throws SQLException {
        statement.execute("CREATE VIRTUAL TABLE temp.search_check USING fts5(words, " + TOKENIZER + ")");
    }

    /**
     * The candidates that match, in the order given.
     *
     * @param wordsExpression the query's words as {@link SearchText#wordsExpression} gives them
     */
    static List<LoggedMessage> matching(Connection c, List<LoggedMessage> chunk, SearchQuery query,
            String wordsExpression) throws SQLException {
        List<LoggedMessage> matching = new ArrayList<>();
        List<String> runs = asciiRuns(query);
        List<LoggedMessage> candidates = new ArrayList<>(chunk.size());
        for (LoggedMessage message : chunk) {
            if (holdsAll(message, runs)) {
                candidates.add(message);
            }
        }
        if (candidates.isEmpty()) {
            return matching;
        }
        try (Statement statement = c.createStatement()) {
            // The reader's connection is read-only for the log; the check writes only its own temporary table.
            statement.execute("PRAGMA query_only=0");
            try {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO temp.search_check (rowid, words) VALUES (?, ?)")) {
                    for (int i = 0; i < candidates.size(); i++) {
                        insert.setInt(1, i);
                        insert.setString(2, SearchText.fold(candidates.get(i).text()));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                boolean[] hit = new boolean[candidates.size()];
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT rowid FROM temp.search_check WHERE search_check MATCH ?")) {
                    select.setString(1, wordsExpression);
                    try (ResultSet row = select.executeQuery()) {
                        while (row.next()) {
                            hit[row.getInt(1)] = true;
                        }
                    }
                }
                for (int i = 0; i < hit.length; i++) {
                    if (hit[i]) {
                        matching.add(candidates.get(i));
                    }
                }
            } finally {
                try {
                    statement.execute("DELETE FROM temp.search_check");
                } finally {
                    statement.execute("PRAGMA query_only=1");
                }
            }
        }
        return matching;
    }

    /**
     * The runs of ASCII letters and digits in the query's folded words, lower-cased. The tokenizer cuts ASCII text
     * exactly there and folds only its case, so a token holding one of these runs holds it in any text it matches
     * (a prefix word's too): a message whose folded, lower-cased text lacks one cannot match. Other characters are
     * left to SQLite (its Unicode tables are not Java's).
     */
    static List<String> asciiRuns(SearchQuery query) {
        List<String> runs = new ArrayList<>();
        for (String word : query.words()) {
            String folded = SearchText.fold(word);
            int start = -1;
            for (int i = 0; i <= folded.length(); i++) {
                boolean alnum = i < folded.length() && isAsciiAlnum(folded.charAt(i));
                if (alnum && start < 0) {
                    start = i;
                } else if (!alnum && start >= 0) {
                    runs.add(asciiLower(folded.substring(start, i)));
                    start = -1;
                }
            }
        }
        return runs;
    }

    private static boolean holdsAll(LoggedMessage message, List<String> runs) {
        if (runs.isEmpty()) {
            return true;
        }
        String text = asciiLower(SearchText.fold(message.text()));
        for (String run : runs) {
            if (!text.contains(run)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Only A to Z lower-cased: what the tokenizer does to ASCII, and nothing to other letters. */
    private static String asciiLower(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] = (char) (chars[i] + ('a' - 'A'));
            }
        }
        return new String(chars);
    }
}
