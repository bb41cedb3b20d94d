package chatlab.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.capture.testing.LargeCaptureGenerator;
import chatlab.capture.testing.TsharkComparison;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark generator's traffic (many interleaved flows, retransmissions), checked frame by frame with tshark. */
class ManyFlowsIT {
    @TempDir
    Path dir;

    @Test
    void interleavedFlowsAgreeWithTshark() throws Exception {
        Path file = dir.resolve("many.pcap");
        LargeCaptureGenerator.write(file, 100_000, 2_000, 7);
        TsharkComparison.Result r = TsharkComparison.compare(file, AnalysisOptions.defaults());
        assertThat(r.mismatches()).as("disagreements with tshark").isEmpty();
        assertThat(r.analysis().tcpConnections()).isEqualTo(2_000);
        long retransmissions = r.analysis().tcpRetransmissions();
        assertThat(retransmissions).isGreaterThan(50);
        assertThat(r.tcpFramesCompared()).isGreaterThan(90_000);
    }
}
