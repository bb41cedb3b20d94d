package chatlab.check.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ShowTest {
    @Test
    void shortPayloadsComeWithTheirHexAndControlCharactersEscaped() {
        assertThat(Show.bytes("hi\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("\"hi\\n\" (3 bytes: 68 69 0a)");
        assertThat(Show.text("a\u001b[2Jb\u0000")).isEqualTo("\"a\\x1b[2Jb\\x00\"");
        assertThat(Show.bytes(new byte[0])).isEqualTo("nothing (0 bytes)");
    }

    @Test
    void longTextIsCutInTheMiddle() {
        String shown = Show.text("x".repeat(1000));
        assertThat(shown).contains("...(840 more characters)...").hasSizeLessThan(220);
    }
}
