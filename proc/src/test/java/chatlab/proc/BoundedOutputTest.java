package chatlab.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedOutputTest {
    private static void append(BoundedOutput output, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        output.append(bytes, 0, bytes.length);
    }

    @Test
    void keepsEverythingUpToTheLimit() {
        BoundedOutput output = new BoundedOutput(10);
        append(output, "01234");
        append(output, "56789");
        assertThat(output.text()).isEqualTo("0123456789");
        assertThat(output.dropped()).isZero();
    }

    @Test
    void pastTheLimitKeepsTheFirstAndLastHalvesAndSaysHowMuchIsLeftOut() {
        BoundedOutput output = new BoundedOutput(10);
        append(output, "ready\n");
        for (int i = 0; i < 100; i++) {
            append(output, "x");
        }
        append(output, "died");
        assertThat(output.dropped()).isEqualTo(6 + 100 + 4 - 10);
        assertThat(output.text()).isEqualTo("ready\n[... 100 bytes left out ...]\nxdied");
    }

    @Test
    void aLimitBelowTwoBytesIsRefused() {
        assertThatThrownBy(() -> new BoundedOutput(1)).hasMessageContaining("at least 2 bytes");
    }
}
