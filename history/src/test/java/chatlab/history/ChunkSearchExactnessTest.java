package chatlab.history;

import static chatlab.history.Logs.await;
import static chatlab.history.Logs.seqs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search of the log (an index of chunks, each chunk's messages checked again one by one) finds exactly the messages
 * an index of one document per message finds, for words of many scripts, cases, prefixes and punctuation, in chunks
 * of several messages.
 */
class ChunkSearchExactnessTest {
    private static final String[] WORDS = {"apple", "Apple", "APPLES", "pineapple", "ice", "cream", "ice-cream",
            "café", "cafe", "CAFÉ", "blåbær", "blabaer", "Bjørn", "Zürich", "zurich", "καλημέρα", "Καλημερα", "ёлка",
            "елка", "東京", "北京", "東京に行きます", "서울에서", "हैलो", "वर्ल्ड", "ﬁle", "ＳＥＲＶＥＲ", "server", "port",
            "x2y", "42", "4242", "🫐", "🫐x", "ÿ\u0301", "don't", "e-mail", "émail", "straße", "strasse", "İstanbul",
            "istanbul", "ſtop", "stop", "a", "I", "the", "there", "connection", "conn", "ǅungla", "ǆungla"};

    @TempDir
    Path dir;

    @Test
    void theChunksIndexFindsWhatAnIndexOfMessagesFinds() throws Exception {
        Random random = new Random(20261207);
        List<LoggedMessage> messages = new ArrayList<>();
        for (long seq = 1; seq <= 400; seq++) {
            StringBuilder text = new StringBuilder();
            int words = 1 + random.nextInt(6);
            for (int i = 0; i < words; i++) {
                text.append(i == 0 ? "" : random.nextBoolean() ? " " : random.nextBoolean() ? ", " : "-");
                text.append(WORDS[random.nextInt(WORDS.length)]);
            }
            messages.add(Logs.message("#r", seq, text.toString()));
        }
        try (SqliteMessageLog log = Logs.open(dir);
                Connection reference = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            Logs.appendAll(log, messages, 7); // chunks of 7
            try (Statement s = reference.createStatement()) {
                s.execute("CREATE VIRTUAL TABLE ref USING fts5(words, " + SearchCheck.TOKENIZER + ")");
            }
            try (PreparedStatement insert = reference.prepareStatement("INSERT INTO ref (rowid, words) VALUES (?, ?)")) {
                for (LoggedMessage m : messages) {
                    insert.setLong(1, m.seq());
                    insert.setString(2, SearchText.fold(m.text()));
                    insert.executeUpdate();
                }
            }
            int nonEmpty = 0;
            for (int q = 0; q < 300; q++) {
                String text = WORDS[random.nextInt(WORDS.length)];
                if (random.nextInt(3) == 0) {
                    text += " " + WORDS[random.nextInt(WORDS.length)];
                }
                if (random.nextInt(4) == 0 && text.length() > 4) {
                    text = text.substring(0, 4 + random.nextInt(text.length() - 4)); // a prefix
                }
                SearchQuery query;
                try {
                    query = SearchQuery.parse(text);
                } catch (IllegalArgumentException noWord) {
                    continue;
                }
                List<Long> expected = new ArrayList<>();
                try (PreparedStatement select = reference.prepareStatement(
                        "SELECT rowid FROM ref WHERE ref MATCH ? ORDER BY rowid DESC")) {
                    select.setString(1, SearchText.wordsExpression(query));
                    try (ResultSet row = select.executeQuery()) {
                        while (row.next()) {
                            expected.add(row.getLong(1));
                        }
                    }
                }
                assertThat(seqs(await(log.search("#r", query, Long.MAX_VALUE, 1000)))).as(text)
                        .isEqualTo(expected);
                nonEmpty += expected.isEmpty() ? 0 : 1;
            }
            assertThat(nonEmpty).as("queries that found something").isGreaterThan(150);
        }
    }
}
