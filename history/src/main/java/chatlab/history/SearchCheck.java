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
 * digits ({@link #asciiRuns}) none either: it cannot match, and is not copied into the table. The candidates of many
 * chunks are asked about together ({@link Round}): one pass of SQLite per round, not per chunk.
 */
final class SearchCheck {
    /** The tokenizer of the index and of the check: they must be the same. */
    static final String TOKENIZER = "tokenize='unicode61 remove_diacritics 0'";

    private SearchCheck() {}

    /** Makes the check's table on a reader's connection (before it is made read-only). */
    static void prepare(Statement statement) throws SQLException {
        statement.execute("CREATE VIRTUAL TABLE temp.search_check USING fts5(words, " + TOKENIZER + ")");
    }

    /** A search's candidates, newest first, checked in rounds of up to {@link #ROUND_MESSAGES} messages to check. */
    static final class Round {
        /** Messages one round asks SQLite about at most: one pass through the table for many chunks' candidates. */
        static final int ROUND_MESSAGES = 256;

        private final Connection connection;
        private final String wordsExpression;
        private final List<String> runs;
        private final List<LoggedMessage> pending = new ArrayList<>();
        /** For each pending message: whether it matches already (the only message of a matching chunk). */
        private final List<Boolean> known = new ArrayList<>();
        private int toCheck;

        Round(Connection connection, SearchQuery query) {
            this.connection = connection;
            this.wordsExpression = SearchText.wordsExpression(query);
            this.runs = asciiRuns(query);
        }

        /** Adds a matching chunk's messages (newest first); a chunk of one message matches as that message. */
        void addChunk(List<LoggedMessage> newestFirst, boolean wholeChunkIsOneMessage) {
            for (LoggedMessage message : newestFirst) {
                if (wholeChunkIsOneMessage) {
                    pending.add(message);
                    known.add(true);
                } else if (holdsAll(message, runs)) {
                    pending.add(message);
                    known.add(false);
                    toCheck++;
                }
            }
        }

        /** Whether a round is due: enough candidates to fill what is still wanted, or enough to check. */
        boolean due(int wanted) {
            return pending.size() >= wanted || toCheck >= ROUND_MESSAGES;
        }

        /** Checks what is pending and moves the matches (newest first) to {@code found}, up to {@code count}. */
        void checkInto(List<LoggedMessage> found, int count) throws SQLException {
            boolean[] hit = toCheck == 0 ? new boolean[pending.size()] : ask();
            for (int i = 0; i < pending.size() && found.size() < count; i++) {
                if (known.get(i) || hit[i]) {
                    found.add(pending.get(i));
                }
            }
            pending.clear();
            known.clear();
            toCheck = 0;
        }

        /** SQLite's answer for each pending message to check (the known ones are not asked about). */
        private boolean[] ask() throws SQLException {
            boolean[] hit = new boolean[pending.size()];
            try (Statement statement = connection.createStatement()) {
                // The reader's connection is read-only for the log; the check writes only its own temporary table.
                statement.execute("PRAGMA query_only=0");
                try {
                    statement.execute("DELETE FROM temp.search_check"); // whatever a failed round left
                    // One statement for the round's messages: one transaction, so FTS5 writes the table once, not
                    // once per message (a batch of single inserts took 25 us a message).
                    StringBuilder sql = new StringBuilder("INSERT INTO temp.search_check (rowid, words) VALUES ");
                    for (int i = 0; i < toCheck; i++) {
                        sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
                    }
                    try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
                        int parameter = 1;
                        for (int i = 0; i < pending.size(); i++) {
                            if (!known.get(i)) {
                                insert.setInt(parameter++, i);
                                insert.setString(parameter++, SearchText.fold(pending.get(i).text()));
                            }
                        }
                        insert.executeUpdate();
                    }
                    try (PreparedStatement select = connection.prepareStatement(
                            "SELECT rowid FROM temp.search_check WHERE search_check MATCH ?")) {
                        select.setString(1, wordsExpression);
                        try (ResultSet row = select.executeQuery()) {
                            while (row.next()) {
                                hit[row.getInt(1)] = true;
                            }
                        }
                    }
                } finally {
                    try {
                        statement.execute("DELETE FROM temp.search_check");
                    } finally {
                        readOnlyAgain(statement);
                    }
                }
            }
            return hit;
        }
    }

    /**
     * Makes the reader's connection read-only again; a connection that cannot be is closed (the read pool opens a new
     * read-only one for the next read), never left writable.
     */
    private static void readOnlyAgain(Statement statement) throws SQLException {
        try {
            statement.execute("PRAGMA query_only=1");
        } catch (SQLException e) {
            try {
                statement.getConnection().close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
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
