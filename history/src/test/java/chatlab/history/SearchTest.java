package chatlab.history;

import static chatlab.history.Logs.await;
import static chatlab.history.Logs.message;
import static chatlab.history.Logs.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Search over non-ASCII text, its paging, and input that tries to be a query of its own. */
class SearchTest {
    @TempDir
    static Path dir;

    private static SqliteMessageLog log;

    /** The room's messages, by seq (1 is the first). */
    private static final List<String> TEXTS = List.of(
            "Jeg elsker blåbærsyltetøy på brødskiva",          // 1 Norwegian
            "Bjørn og Åse kommer i morgen",                   // 2
            "Καλημέρα κόσμε, τι κάνεις;",                      // 3 Greek
            "ΚΟΣΜΟΣ with capitals and a final sigma",         // 4
            "Привет, мир! Ёлка стоит",                         // 5 Cyrillic
            "東京に行きます",                                   // 6 Japanese
            "서울에서 만나요",                                   // 7 Korean, a particle attached
            "我们明天在北京见面",                                // 8 Chinese
            "コンピューターが壊れた",                              // 9 katakana, then が
            "a café in Zürich, naïve coöperation",            // 10
            "the ﬁle is on the ＳＥＲＶＥＲ",                    // 11 a ligature, full-width letters
            "a OR b AND NOT c NEAR(x y) \"quoted\" col:val *", // 12 words an FTS5 query would take as syntax
            "ab abc abcd",                                    // 13
            "r1 1 and room are plain words here");            // 14

    @BeforeAll
    static void fill() throws Exception {
        log = Logs.open(dir);
        List<LoggedMessage> batch = new ArrayList<>();
        for (int i = 0; i < TEXTS.size(); i++) {
            batch.add(message("#r", i + 1, TEXTS.get(i)));
        }
        batch.add(message("#other", 1, "blåbærsyltetøy in another room"));
        await(log.append(batch));
    }

    @AfterAll
    static void close() {
        log.close();
    }

    private static List<Long> found(String text) throws Exception {
        return seqs(await(log.search("#r", SearchQuery.parse(text), Long.MAX_VALUE, 50)));
    }

    @Test
    void norwegianWithAndWithoutItsLetters() throws Exception {
        assertThat(found("blåbærsyltetøy")).containsExactly(1L);
        assertThat(found("BLÅBÆRSYLTETØY")).containsExactly(1L);
        assertThat(found("blabaersyltetoy")).containsExactly(1L);
        assertThat(found("blåbær")).containsExactly(1L);         // a word's beginning finds it
        assertThat(found("syltetøy")).isEmpty();                 // its end does not
        assertThat(found("bjorn åse")).containsExactly(2L);
        assertThat(found("pa")).containsExactly(1L);             // "på", a whole word of two letters
    }

    @Test
    void greekWithoutAccentsAndInCapitals() throws Exception {
        assertThat(found("καλημερα")).containsExactly(3L);
        assertThat(found("ΚΑΛΗΜΕΡΑ")).containsExactly(3L);
        assertThat(found("κοσμος")).containsExactly(4L);         // final sigma is sigma
        assertThat(found("κόσμε")).containsExactly(3L);
    }

    @Test
    void cyrillic() throws Exception {
        assertThat(found("привет")).containsExactly(5L);
        assertThat(found("МИР")).containsExactly(5L);
        assertThat(found("ёлка")).containsExactly(5L);
        assertThat(found("елка")).containsExactly(5L);
    }

    @Test
    void chineseJapaneseAndKoreanInsideSentences() throws Exception {
        assertThat(found("東京")).containsExactly(6L);
        assertThat(found("行き")).containsExactly(6L);
        assertThat(found("大阪")).isEmpty();
        assertThat(found("서울")).containsExactly(7L);
        assertThat(found("北京")).containsExactly(8L);
        assertThat(found("北京 明天")).containsExactly(8L);
        assertThat(found("京北")).isEmpty();                     // characters in another order are another word
        assertThat(found("コンピューター")).containsExactly(9L);
        assertThat(found("ｺﾝﾋﾟｭｰﾀｰ")).containsExactly(9L);     // half-width katakana
        assertThat(found("か")).isEmpty();                       // が is not か
    }

    @Test
    void accentsLigaturesAndWidths() throws Exception {
        assertThat(found("cafe zurich")).containsExactly(10L);
        assertThat(found("naive cooperation")).containsExactly(10L);
        assertThat(found("file server")).containsExactly(11L);
    }

    @Test
    void everyWordMustBeThereAndShortWordsAreWhole() throws Exception {
        assertThat(found("café bjørn")).isEmpty();
        assertThat(found("ab")).containsExactly(13L);
        assertThat(found("abc")).containsExactly(13L);
        assertThat(found("abcd")).containsExactly(13L);
        assertThat(found("abcde")).isEmpty();
        assertThat(found("wor")).isEmpty();                      // three letters: whole words only
        assertThat(found("word")).containsExactly(14L);          // four: "words" too
    }

    @Test
    void aSearchStaysInItsRoom() throws Exception {
        assertThat(found("blåbærsyltetøy")).containsExactly(1L);
        assertThat(seqs(await(log.search("#other", SearchQuery.parse("blåbærsyltetøy"), Long.MAX_VALUE, 50))))
                .containsExactly(1L);
        assertThat(await(log.search("#nobody", SearchQuery.parse("blåbærsyltetøy"), Long.MAX_VALUE, 50))).isEmpty();
        // The room's own token in the index is not reachable from a query: these are plain words.
        assertThat(found("r1")).containsExactly(14L);
        assertThat(found("1")).containsExactly(14L);             // the room's id is its token in the index
        assertThat(found("room")).containsExactly(14L);
        assertThat(found("room : \"r2\"")).isEmpty();
    }

    @Test
    void queryLanguageIsTakenAsPlainWords() throws Exception {
        assertThat(found("OR")).containsExactly(12L);
        assertThat(found("NEAR(x")).containsExactly(12L);
        assertThat(found("\"quoted\"")).containsExactly(12L);
        assertThat(found("col:val")).containsExactly(12L);
        assertThat(found("NOT c")).containsExactly(12L);
        assertThat(found("a OR zzz")).isEmpty();                  // OR is a word to find, not "either"
    }

    @Test
    void noInputMakesASearchFail() throws Exception {
        List<String> hostile = new ArrayList<>(List.of("\"", "\"\"", "foo\"bar", "NEAR(a b, 0)", "a OR b", "-x",
                "^start", "{room words}: x", "*", "a*", "(", ")", "'; DROP TABLE messages; --", "\u0000", "x\u0000y",
                "room:r1", "words : (x", "AND", "\\", "%_", "\uD800", "🫐🫐🫐", "ÿ\u0301\u0301\u0301\u0301",
                "a".repeat(SearchQuery.MAX_WORD_CHARS)));
        Random random = new Random(20); // fixed: the same 2,000 queries every run
        String alphabet = "\"'*^:(){}-+,.;ab OR AND NOT NEAR\u0000\t\\éø東";
        for (int i = 0; i < 2000; i++) {
            StringBuilder query = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                query.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            hostile.add(query.toString());
        }
        int searched = 0;
        for (String text : hostile) {
            SearchQuery query;
            try {
                query = SearchQuery.parse(text);
            } catch (IllegalArgumentException refused) {
                assertThat(refused.getMessage()).isIn(HistoryTexts.nothingToSearch(),
                        HistoryTexts.tooManyWords(SearchQuery.MAX_WORDS));
                continue;
            }
            await(log.search("#r", query, Long.MAX_VALUE, 10)); // completes, whatever it finds
            searched++;
        }
        assertThat(searched).isGreaterThan(1000);
        assertThat(log.health().isOk()).isTrue();
    }

    @Test
    void whatIsNotASearchIsRefusedWithAReason() {
        assertThatThrownBy(() -> SearchQuery.parse("")).hasMessage(
                "nothing to search for: give at least one word of letters or digits");
        assertThatThrownBy(() -> SearchQuery.parse(" -- *** \t ")).hasMessage(
                "nothing to search for: give at least one word of letters or digits");
        assertThatThrownBy(() -> SearchQuery.parse("1 2 3 4 5 6 7 8 9")).hasMessage("search for at most 8 words");
        assertThatThrownBy(() -> SearchQuery.parse("x".repeat(101))).hasMessage(
                "a search word may be at most 100 characters long");
        assertThat(SearchQuery.parse("  hello,\tworld --  ").words()).containsExactly("hello,", "world");
    }

    @Test
    void newestFirstPageByPage(@TempDir Path own) throws Exception {
        try (SqliteMessageLog paged = Logs.open(own)) {
            List<LoggedMessage> batch = new ArrayList<>();
            for (long seq = 1; seq <= 30; seq++) {
                batch.add(message("#p", seq, seq % 2 == 0 ? "tick even" : "tick odd"));
            }
            await(paged.append(batch));
            SearchQuery tick = SearchQuery.parse("tick");
            assertThat(seqs(await(paged.search("#p", tick, Long.MAX_VALUE, 10)))).isEqualTo(descending(30, 21));
            assertThat(seqs(await(paged.search("#p", tick, 21, 10)))).isEqualTo(descending(20, 11));
            assertThat(seqs(await(paged.search("#p", tick, 11, 10)))).isEqualTo(descending(10, 1));
            assertThat(await(paged.search("#p", tick, 1, 10))).isEmpty();
            assertThat(seqs(await(paged.search("#p", SearchQuery.parse("even"), 25, 3)))).containsExactly(24L, 22L, 20L);
            assertThat(seqs(await(paged.search("#p", SearchQuery.parse("even"), 1000, 2)))).containsExactly(30L, 28L);
        }
    }

    private static List<Long> descending(long from, long to) {
        List<Long> seqs = new ArrayList<>();
        for (long seq = from; seq >= to; seq--) {
            seqs.add(seq);
        }
        return seqs;
    }
}
