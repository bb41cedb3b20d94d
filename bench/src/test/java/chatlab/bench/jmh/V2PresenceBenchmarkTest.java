package chatlab.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ServerMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The presence benchmarks encode what decodes back, and the deflated welcome is the welcome. */
class V2PresenceBenchmarkTest {
    private final V2PresenceBenchmark benchmark = new V2PresenceBenchmark();

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 100})
    void presenceWindowDecodesBack(int joins) throws Exception {
        V2PresenceBenchmark.Window window = new V2PresenceBenchmark.Window();
        window.joins = joins;
        window.setUp();

        assertThat(window.presence.joined()).hasSize(joins);
        assertThat(window.presence.left()).hasSize(joins / 10);
        assertThat(benchmark.presenceEncode(window)).isEqualTo(window.line);
        assertThat(benchmark.presenceDecode(window)).isEqualTo(window.presence);
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 1000})
    void deflatedWelcomeInflatesToTheWelcome(int users) throws Exception {
        V2PresenceBenchmark.BigWelcome welcome = new V2PresenceBenchmark.BigWelcome();
        welcome.users = users;
        welcome.setUp();

        assertThat(benchmark.welcomeDeflate(welcome)).isEqualTo(welcome.deflatedLine).hasSizeLessThan(welcome.line.length);
        ServerMessage decoded = benchmark.welcomeInflateDecode(welcome);
        assertThat(decoded).isInstanceOf(ServerMessage.Deflated.class);
        ServerMessage inner = ((ServerMessage.Deflated) decoded).inner();
        assertThat(inner).isEqualTo(welcome.decoder.decode(welcome.line, 0, welcome.line.length - 1));
        assertThat(((ServerMessage.Welcome) inner).users()).hasSize(users);
    }
}
