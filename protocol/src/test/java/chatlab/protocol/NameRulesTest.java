package chatlab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NameRulesTest {
    private final NameRules rules = new NameRules(8);

    @ParameterizedTest
    @ValueSource(strings = {"alice", "bøb", "日本語", "👨‍👩‍👧", "a b", "12345678", "o'neil", "x\"y"})
    void acceptsOrdinaryNames(String name) {
        assertThat(rules.problemWith(name)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|the name is empty",
        "123456789|the name has 9 characters; the limit is 8",
        "' alice'|the name may not begin or end with spaces",
        "'alice '|the name may not begin or end with spaces",
        "@alice|the name may not begin with '@'",
        "#ls|the name may not begin with '#'",
        "!bang|the name may not begin with '!'",
        "/quit|the name may not begin with '/'",
        "{json|the name may not begin with '{'",
        "a:b|the name may not contain ':'",
        "a!{b|the name may not contain '!' followed by '{'",
        "'a! {b'|the name may not contain '!' followed by '{'",
        "Server|the name \"Server\" is reserved",
    })
    void refusesWithAnExactReason(String name, String reason) {
        assertThat(rules.problemWith(name)).contains(reason);
    }

    @Test
    void refusesControlAndBidiCharacters() {
        assertThat(rules.problemWith("a\u001bb")).contains("the name may not contain control character U+001B");
        assertThat(rules.problemWith("a\nb")).contains("the name may not contain control character U+000A");
        assertThat(rules.problemWith("ab\u202e")).contains("the name may not contain control character U+202E");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uff33\uff25\uff32\uff36\uff25\uff32", "SERVER", "server\u200d", "s\u00e9rver", "\u0455erver",
        "\uff41\uff44\uff4d\uff49\uff4e", "adrnin", "Chat\u0455erver"})
    void reservedNamesAreReservedInEveryWidthAndLookAlike(String name) {
        assertThat(rules.problemWith(name)).as(name).isPresent();
        assertThat(new NameRules(32).problemWith(name)).as(name).contains("the name \"" + name + "\" is reserved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u200d", "\u200d\u200d", "\u3164", "\u0301", "\u00a0"})
    void aNameOfOnlyInvisibleCharactersIsRefused(String name) {
        assertThat(rules.problemWith(name)).contains("the name has no visible characters");
    }

    @Test
    void countsCharactersNotUtf16Units() {
        assertThat(new NameRules(2).problemWith("👋👋")).isEmpty();
    }
}
