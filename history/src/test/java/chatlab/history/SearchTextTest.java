package chatlab.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchTextTest {
    @Test
    void foldsCaseAccentsAndLettersKeyboardsSpellOtherwise() {
        assertThat(SearchText.fold("Blåbærsyltetøy")).isEqualTo("blabaersyltetoy");
        assertThat(SearchText.fold("Straße Þór Łódź İstanbul")).isEqualTo("strasse thor lodz istanbul");
        assertThat(SearchText.fold("ΚΌΣΜΟΣ κόσμος")).isEqualTo("κοσμοσ κοσμοσ");
        assertThat(SearchText.fold("Ёлка й")).isEqualTo("елка и");
        assertThat(SearchText.fold("ﬁle ＳＥＲＶＥＲ ²")).isEqualTo("file server 2");
        assertThat(SearchText.fold("Plain ASCII, As Typed")).isEqualTo("Plain ASCII, As Typed"); // the tokenizer folds its case
    }

    @Test
    void keepsMarksThatMakeAnotherLetterOutsideTheAccentedScripts() {
        assertThat(SearchText.fold("が")).isEqualTo(" が ");
        assertThat(SearchText.fold("नमस्ते")).isEqualTo("नमस्ते");
    }

    @Test
    void cutsScriptsWithoutSpacesIntoCharacters() {
        assertThat(SearchText.fold("東京に")).isEqualTo(" 東  京  に ");
        assertThat(SearchText.fold("서울에서")).isEqualTo(" 서  울  에  서 "); // syllables, not their jamo
        assertThat(SearchText.fold("ok東")).isEqualTo("ok 東 ");
    }

    @Test
    void everyWordIsOneQuotedStringAndWordsOfFourOrMoreArePrefixes() {
        assertThat(SearchText.matchExpression(7, SearchQuery.parse("say \"hi\" blåbær 東京 ab")))
                .isEqualTo("room : \"7\" AND words : (\"say\" AND \"\"\"hi\"\"\" AND \"blabaer\"* AND \" 東  京 \""
                        + " AND \"ab\")");
        assertThat(SearchText.matchExpression(1, SearchQuery.parse("hello!")))
                .isEqualTo("room : \"1\" AND words : (\"hello!\"*)");
    }
}
