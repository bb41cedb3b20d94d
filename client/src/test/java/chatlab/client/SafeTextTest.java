package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {
    @Test
    void controlCharactersInCaretNotation() {
        assertThat(SafeText.escape("\u001b[2Jgotcha\u0007\r\n\u0000\u007f")).isEqualTo("^[[2Jgotcha^G^M^J^@^?");
    }

    @Test
    void tabAndOrdinaryTextStayAsTheyAre() {
        String text = "tab\tok: smørbrød, 日本語, עברית, 👋, 👨\u200D👩\u200D👧, नमस्\u200Cते";
        assertThat(SafeText.escape(text)).isSameAs(text);
    }

    @Test
    void bidiControlsSeparatorsAndOtherFormatCharactersAreEscaped() {
        assertThat(SafeText.escape("exe.\u202Etxt")).isEqualTo("exe.\\u202etxt");
        assertThat(SafeText.escape("a\u2028b\u2029c")).isEqualTo("a\\u2028b\\u2029c");
        assertThat(SafeText.escape("\u2066\u2067\u2068\u2069\u202A\u202B\u202C\u202D")).isEqualTo(
                "\\u2066\\u2067\\u2068\\u2069\\u202a\\u202b\\u202c\\u202d");
        assertThat(SafeText.escape("\u200E\u200F\u061C\u200B\uFEFF\u00AD")).isEqualTo(
                "\\u200e\\u200f\\u061c\\u200b\\ufeff\\u00ad");
        assertThat(SafeText.escape("c1\u009b")).isEqualTo("c1\\u009b");
    }

    @Test
    void tagCharactersAndLoneSurrogatesAreEscaped() {
        assertThat(SafeText.escape("hi" + new String(Character.toChars(0xE0041)))).isEqualTo("hi\\U+e0041");
        assertThat(SafeText.escape("x\uD800y")).isEqualTo("x\\ud800y");
    }

    @Test
    void firstLineIsEscapedAndCut() {
        assertThat(SafeText.firstLine("HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\n", 60))
                .isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(SafeText.firstLine("\u001b]0;owned\u0007 " + "x".repeat(100), 20))
                .isEqualTo("^[]0;owned^G xxxxxxxx…");
    }
}
