package chatlab.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchScenario;
import chatlab.bench.LoadGenerator;
import chatlab.protocol.v2.Wire;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code --generator c}: what it accepts and the command line it gives labload; no process is run. */
class NativeFanoutRunTest {
    @Test
    void theCGeneratorRunsTheLabFanoutOnly() {
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000);
        assertThatThrownBy(() -> BenchConfig.builder(BenchScenario.FANOUT, Wire.V2, target).ratePerSender(50)
                .generator(LoadGenerator.C).build()).hasMessage("--generator c speaks the lab wire only");
        assertThatThrownBy(() -> BenchConfig.builder(BenchScenario.JOIN_STORM, Wire.LAB, target)
                .generator(LoadGenerator.C).build()).hasMessage("--generator c runs fanout only");
        assertThat(LoadGenerator.parse("C")).isEqualTo(LoadGenerator.C);
        assertThatThrownBy(() -> LoadGenerator.parse("go")).hasMessageContaining("use java or c");
    }

    @Test
    void theCommandLineCarriesEverySetting() {
        BenchConfig config = BenchConfig.builder(BenchScenario.FANOUT, Wire.LAB,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000)).clients(20).senders(4)
                .payloadBytes(100).warmup(Duration.ofMillis(200)).duration(Duration.ofMillis(800))
                .drain(Duration.ofSeconds(5)).generator(LoadGenerator.C)
                .ratePerSender(12.5).perAddress(7).build();
        assertThat(NativeFanoutRun.command(Path.of("/x/labload"), config)).containsExactly(
                "/x/labload", "127.0.0.1", "5000", "20", "4", "12.5", "1", "200", "800", "5000", "100", "7", "60000");
    }
}
