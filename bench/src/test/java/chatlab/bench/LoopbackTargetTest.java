package chatlab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackTargetTest {
    @ParameterizedTest
    @CsvSource({"127.0.0.1:5000, 127.0.0.1, 5000", "127.1.2.3:80, 127.1.2.3, 80", "localhost:5000, 127.0.0.1, 5000",
            "'[::1]:6000', 0:0:0:0:0:0:0:1, 6000"})
    void acceptsLoopbackLiterals(String target, String address, int port) {
        var parsed = LoopbackTarget.parse(target);
        assertThat(parsed.getAddress().getHostAddress()).isEqualTo(address);
        assertThat(parsed.getPort()).isEqualTo(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1:5000", "128.0.0.1:5000", "0.0.0.0:5000", "[2001:db8::1]:5000", "[::]:5000",
            "[::ffff:10.0.0.1]:5000"})
    void refusesOtherAddresses(String target) {
        assertThatThrownBy(() -> LoopbackTarget.parse(target)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com:5000", "chat.ttm4200.com:5000", "localhost.evil.com:1"})
    void neverLooksUpANameButLocalhost(String target) {
        assertThatThrownBy(() -> LoopbackTarget.parse(target)).hasMessageContaining("not the name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:70000", "::1:5000", "127.0.0.300:1"})
    void refusesMalformedTargets(String target) {
        assertThatThrownBy(() -> LoopbackTarget.parse(target)).isInstanceOf(IllegalArgumentException.class);
    }
}
