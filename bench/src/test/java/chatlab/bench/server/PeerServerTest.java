package chatlab.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import chatlab.bench.BenchScenario;
import chatlab.bench.report.BenchTextReport;
import chatlab.bench.report.CompareReport;
import chatlab.bench.report.JsonReport;
import chatlab.protocol.v2.Wire;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The peers' configurations as published, and what the reports say of a peer that is not installed. */
class PeerServerTest {
    private static final Path BENCHMARKS = Path.of("..", "docs", "BENCHMARKS.md");

    @ParameterizedTest
    @EnumSource(PeerServer.class)
    void theConfigurationTheBenchWritesIsTheOneDocsBenchmarksShows(PeerServer peer) throws IOException {
        String docs = Files.readString(BENCHMARKS);
        assertThat(docs).as("docs/BENCHMARKS.md shows the %s configuration verbatim (PORT and FOLDER as they are "
                + "filled in for a run)", peer.kind()).contains(peer.config("PORT", "FOLDER"));
    }

    @ParameterizedTest
    @EnumSource(PeerServer.class)
    void aProgramNotFoundIsMissingWithItsPackage(PeerServer peer, @TempDir Path empty) {
        assertThat(peer.missingIn(List.of(empty.toString()))).hasValueSatisfying(why -> assertThat(why)
                .startsWith("not installed: no " + peer.program() + " on the PATH")
                .endsWith("(Debian package " + peer.debianPackage() + ": apt-get install " + peer.debianPackage() + ")"));
    }

    @ParameterizedTest
    @EnumSource(PeerServer.class)
    void aProgramInAFolderSearchedIsFound(PeerServer peer, @TempDir Path folder) throws IOException {
        Path program = Files.createFile(folder.resolve(peer.program()));
        assertThat(program.toFile().setExecutable(true)).isTrue();
        assertThat(peer.findIn(List.of(folder.resolve("none").toString(), folder.toString()))).contains(program);
        assertThat(peer.missingIn(List.of(folder.toString()))).isEmpty();
    }

    @Test
    void aMissingPeerIsReportedInTheTextAndTheJsonAndFailsTheRun() {
        BenchConfig config = BenchConfig.builder(BenchScenario.FANOUT, Wire.LAB,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 1)).build();
        String why = PeerServer.NGIRCD.missingIn(List.of()).orElseThrow();
        BenchResult missing = BenchResult.missing(config.withProtocol(PeerServer.NGIRCD.protocol()), "ngircd", why);
        assertThat(missing.success()).isFalse();

        StringWriter single = new StringWriter();
        BenchTextReport.print(missing, new PrintWriter(single));
        assertThat(single.toString()).contains("result: NOT RUN, " + why);

        BenchResult ran = new BenchResult(config, "chatlab", 1L, true, null,
                new BenchResult.Connections(100, 100, 100, 0, 0, 5.0), null, 0,
                new BenchResult.Errors(0, java.util.Map.of(), List.of()), null, 0, null, null, null);
        StringWriter compared = new StringWriter();
        CompareReport.print(List.of(ran, missing), new PrintWriter(compared));
        assertThat(compared.toString()).contains("NOT INSTALLED").contains("ngircd NOT RUN, " + why)
                .contains("protocol").contains("irc");

        assertThat(JsonReport.compare(List.of(ran, missing))).contains("\"missing\" : \"" + why + "\"")
                .contains("\"wire\" : \"irc\"").contains("\"success\" : false");
    }
}
