package chatlab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.bench.server.BenchCluster;
import chatlab.protocol.v2.Wire;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Clients spread over the servers of a cluster ({@code --servers K --cluster}), and the broker's address. */
class BenchConfigSpreadTest {
    private static InetSocketAddress at(int port) {
        return new InetSocketAddress(LoopbackTarget.v4(127, 0, 0, 1), port);
    }

    @Test
    void clientsGoToTheServersInTurn() {
        BenchConfig config = BenchConfig.builder(BenchScenario.FANOUT, Wire.LAB, at(1)).build()
                .withSpread(List.of(at(5000), at(5001), at(5002)));
        assertThat(config.target()).isEqualTo(at(5000));
        assertThat(config.targetFor(0)).isEqualTo(at(5000));
        assertThat(config.targetFor(1)).isEqualTo(at(5001));
        assertThat(config.targetFor(2)).isEqualTo(at(5002));
        assertThat(config.targetFor(3)).isEqualTo(at(5000));
        assertThat(config.withProtocol(ClientProtocol.CHAT).spread()).hasSize(3);
    }

    @Test
    void oneServerIsTheDefault() {
        BenchConfig config = BenchConfig.builder(BenchScenario.FANOUT, Wire.LAB, at(7)).build();
        assertThat(config.spread()).containsExactly(at(7));
        assertThat(config.targetFor(41)).isEqualTo(at(7));
    }

    @Test
    void spreadingIsForFanoutFromTheBenchsOwnClientsOnTheLoopback() {
        List<InetSocketAddress> two = List.of(at(5000), at(5001));
        assertThatThrownBy(() -> BenchConfig.builder(BenchScenario.JOIN_STORM, Wire.LAB, at(1)).build().withSpread(two))
                .hasMessage("clients are spread over several servers for fanout only");
        assertThatThrownBy(() -> BenchConfig.builder(BenchScenario.FANOUT, Wire.LAB, at(1))
                .generator(LoadGenerator.C).build().withSpread(two))
                .hasMessageStartingWith("--generator c loads one server");
        assertThatThrownBy(() -> BenchConfig.builder(BenchScenario.FANOUT, Wire.LAB, at(1)).build()
                .withSpread(List.of(at(5000), new InetSocketAddress(LoopbackTarget.v4(10, 0, 0, 1), 5001))))
                .hasMessage("the bench only loads servers on the loopback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nats://127.0.0.1:4222", "nats://localhost:4222", "tls://127.0.0.1:4222",
        "nats://user:secret@127.0.0.1:4222", "nats://[::1]:4222"})
    void aBrokerOnTheLoopbackIsTaken(String url) {
        assertThat(BenchCluster.checkBrokerUrl(url)).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nats://10.0.0.1:4222", "nats://broker.example:4222", "http://127.0.0.1:4222",
        "127.0.0.1:4222", "fanout"})
    void anythingElseIsRefused(String url) {
        assertThatThrownBy(() -> BenchCluster.checkBrokerUrl(url)).isInstanceOf(IllegalArgumentException.class);
    }
}
