package chatlab.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {
    @Test
    void readsEveryKindOfValue() throws Exception {
        Object v = JsonReader.parse(" {\"s\":\"x\", \"i\": -12, \"big\": 123456789012345678901234567890, \"d\": 1.5e3,"
                + " \"t\": true, \"f\": false, \"n\": null, \"a\": [1, [], {}], \"o\": {\"k\": \"v\"}} \r\n");
        assertThat(v).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m.keySet()).containsExactly("s", "i", "big", "d", "t", "f", "n", "a", "o");
        assertThat(m.get("s")).isEqualTo("x");
        assertThat(m.get("i")).isEqualTo(-12L);
        assertThat(m.get("big")).isEqualTo(new BigDecimal("123456789012345678901234567890"));
        assertThat(m.get("d")).isEqualTo(new BigDecimal("1.5e3"));
        assertThat(m.get("t")).isEqualTo(Boolean.TRUE);
        assertThat(m.get("f")).isEqualTo(Boolean.FALSE);
        assertThat(m.get("n")).isSameAs(JsonReader.NULL);
        assertThat(m.get("a")).isEqualTo(List.of(1L, List.of(), Map.of()));
        assertThat(m.get("o")).isEqualTo(Map.of("k", "v"));
        assertThat(JsonReader.parse("0")).isEqualTo(0L);
        assertThat(JsonReader.parse("-0.0e-1")).isEqualTo(new BigDecimal("-0.0e-1"));
        assertThat(JsonReader.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(JsonReader.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void decodesEveryEscape() throws Exception {
        assertThat(JsonReader.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041\\u00e9\\u20AC\"")).isEqualTo(
                "\" \\ / \b \f \n \r \t A\u00e9\u20ac");
        assertThat(JsonReader.parse("\"plain \u00e9 text\"")).isEqualTo("plain \u00e9 text");
    }

    @Test
    void joinsSurrogatePairs() throws Exception {
        assertThat(JsonReader.parse("\"\\ud83d\\ude00\"")).isEqualTo("\uD83D\uDE00");
        assertThat(JsonReader.parse("\"\uD83D\uDE00 raw\"")).isEqualTo("\uD83D\uDE00 raw");
    }

    @Test
    void rejectsUnpairedSurrogates() {
        assertThatThrownBy(() -> JsonReader.parse("\"\\ud83d\"")).hasMessage("unpaired surrogate \\uD83D at offset 1");
        assertThatThrownBy(() -> JsonReader.parse("\"\\ud83dx\"")).hasMessageStartingWith("unpaired surrogate");
        assertThatThrownBy(() -> JsonReader.parse("\"\\ude00\"")).hasMessage("unpaired surrogate \\uDE00 at offset 1");
        assertThatThrownBy(() -> JsonReader.parse("\"\\ud83d\\u0041\""))
                .hasMessage("high surrogate \\uD83D not followed by a low one at offset 1");
        assertThatThrownBy(() -> JsonReader.parse("\"\uD83D\"")).hasMessage("unpaired surrogate in a string at offset 1");
    }

    @Test
    void limitsNesting() throws Exception {
        String eight = "[".repeat(8) + "]".repeat(8);
        assertThat(JsonReader.parse(eight, 8, 1000)).isInstanceOf(List.class);
        assertThatThrownBy(() -> JsonReader.parse("[" + eight + "]", 8, 1000))
                .hasMessage("nesting deeper than 8 levels at offset 8");
        assertThatThrownBy(() -> JsonReader.parse("{\"a\":".repeat(9) + "1" + "}".repeat(9), 8, 1000))
                .hasMessageStartingWith("nesting deeper than 8 levels");
        // deep hostile input fails fast, without a stack overflow
        assertThatThrownBy(() -> JsonReader.parse("[".repeat(100_000))).hasMessageStartingWith("nesting deeper than 16");
    }

    @Test
    void limitsSize() {
        assertThatThrownBy(() -> JsonReader.parse("\"" + "x".repeat(100) + "\"", 8, 50))
                .hasMessage("text longer than 50 characters at offset 50");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\"", "{\"a\":", "{\"a\":1", "{\"a\":1,", "[1,", "[", "\"abc", "\"a\\",
        "\"\\u12", "tru", "nul", "-", "1.", "1e", "1e+", "{\"a\":\"b"})
    void truncatedInputIsReported(String text) {
        assertThatThrownBy(() -> JsonReader.parse(text)).isInstanceOf(JsonReader.JsonException.class)
                .hasMessageStartingWith("truncated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'a':1}", "{\"a\":1,}", "[1,]", "[1 2]", "{\"a\" 1}", "{a:1}", "01", "+1", ".5", "1.e3",
        "NaN", "Infinity", "\"\\x\"", "\"\\u00zz\"", "\"tab\there\"", "\"line\nbreak\"", "{} {}", "true false",
        "{\"a\":1}x", "// c\n{}", "{\"a\":1,\"a\":2}", "[-]", "truth", "\"\\U0041\""})
    void malformedInputIsReported(String text) {
        assertThatThrownBy(() -> JsonReader.parse(text)).isInstanceOf(JsonReader.JsonException.class)
                .satisfies(e -> assertThat(((JsonReader.JsonException) e).offset()).isBetween(0, text.length()));
    }

    @Test
    void errorsNameTheProblem() {
        assertThatThrownBy(() -> JsonReader.parse("{\"a\":1,\"a\":2}")).hasMessage("duplicate key \"a\" at offset 7");
        assertThatThrownBy(() -> JsonReader.parse("{\"a\":1}x")).hasMessage("unexpected 'x' after the value at offset 7");
        assertThatThrownBy(() -> JsonReader.parse("\"a\u0001\"")).hasMessage("control character U+0001 in a string at offset 2");
        assertThatThrownBy(() -> JsonReader.parse("[01]")).hasMessage("a number may not have a leading zero at offset 2");
        assertThatThrownBy(() -> JsonReader.parse("{\"a\" 1}")).hasMessage("expected ':' after the key but found '1' at offset 5");
        assertThatThrownBy(() -> JsonReader.parse("[1}")).hasMessage("expected ',' or ']' but found '}' at offset 2");
        assertThatThrownBy(() -> JsonReader.parse(null)).hasMessage("no text at offset 0");
        assertThatThrownBy(() -> JsonReader.parseObject("[1]", 8, 100)).hasMessage("not a JSON object at offset 0");
    }

    @Test
    void neverThrowsAnythingElseOnRandomInput() {
        java.util.Random r = new java.util.Random(5);
        String alphabet = "{}[]\",:\\u0123456789abcdefEtrnl-+. \n\uD83D\uDE00";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(30);
            for (int k = 0; k < n; k++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            try {
                JsonReader.parse(sb.toString(), 4, 1000);
            } catch (JsonReader.JsonException expected) {
                assertThat(expected.offset()).isBetween(0, 1000);
            }
        }
    }
}
