package chatlab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.TextRules.Problem;
import org.junit.jupiter.api.Test;

class TextRulesTest {
    @Test
    void plainTextTabsAndEmojiPass() {
        assertThat(TextRules.problemWith("hello,\tworld 👋 {json} !bang")).isEmpty();
    }

    @Test
    void everyControlCharacterButTabIsRefusedAndTheFirstIsNamed() {
        for (char c : new char[] {0x00, 0x07, '\n', '\r', 0x1b, 0x7f, 0x80, 0x9b, 0x9f}) {
            assertThat(TextRules.problemWith("a" + c + "b\u001b")).contains(new Problem.ControlCharacter(c));
        }
        assertThat(TextRules.problemWith("no-break\u00a0space")).isEmpty();
    }

    @Test
    void aBangThenABraceWithOnlySpacesOrTabsBetweenIsAMapMarker() {
        for (String text : new String[] {"!{", "x!{\"a\": \"b\"}", "! {", "!\t {", "!! {", "wow!   {"}) {
            assertThat(TextRules.problemWith(text)).as(text).contains(new Problem.MapMarker());
        }
        for (String text : new String[] {"!", "{!", "! x {", "!}", "!["}) {
            assertThat(TextRules.problemWith(text)).as(text).isEmpty();
        }
    }
}
