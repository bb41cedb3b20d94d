package chatlab.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** The benchmarks are registered with JMH and run; no timing is asserted. */
class JmhRunnerTest {
    private static String ignoreLock;

    /** A real benchmark run on this machine holds JMH's lock file; these tiny runs measure nothing and need not wait. */
    @BeforeAll
    static void ignoreJmhLock() {
        ignoreLock = System.setProperty("jmh.ignoreLock", "true");
    }

    @AfterAll
    static void restoreJmhLock() {
        if (ignoreLock == null) {
            System.clearProperty("jmh.ignoreLock");
        } else {
            System.setProperty("jmh.ignoreLock", ignoreLock);
        }
    }

    @Test
    void oneBenchmarkRunsInThisJvmAndGivesAResult() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(JmhRunner.PACKAGE_REGEX + "V2CodecBenchmark\\.leftEncode$")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .build()).run();

        assertThat(results).hasSize(1);
        RunResult result = results.iterator().next();
        assertThat(result.getParams().getBenchmark()).isEqualTo("chatlab.bench.jmh.V2CodecBenchmark.leftEncode");
        assertThat(result.getPrimaryResult().getSampleCount()).isPositive();
        assertThat(result.getPrimaryResult().getScoreUnit()).isEqualTo("ns/op");
    }

    @Test
    void listsEveryBenchmarkOfThePackageByDefault() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = JmhRunner.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), "-l");

        String listing = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(JmhRunner.OK);
        assertThat(listing).contains("chatlab.bench.jmh.UserMapBenchmark.labMapEncode",
                "chatlab.bench.jmh.LabRelayBenchmark.relayEncode", "chatlab.bench.jmh.LabStreamBenchmark.splitter",
                "chatlab.bench.jmh.V2CodecBenchmark.messageEncode");
    }

    @Test
    void printsThroughACommandsWriter() {
        java.io.StringWriter text = new java.io.StringWriter();

        int status = JmhRunner.run(new java.io.PrintWriter(text), "-l", "LabRelayBenchmark");

        assertThat(status).isEqualTo(JmhRunner.OK);
        assertThat(text.toString()).contains("chatlab.bench.jmh.LabRelayBenchmark.relayEncode")
                .doesNotContain("UserMapBenchmark");
    }

    @Test
    void defaultsToThePackageOnlyWhenNoBenchmarkIsNamed() throws Exception {
        assertThat(JmhRunner.restricted(new CommandLineOptions("-f", "0")).getIncludes())
                .containsExactly(JmhRunner.PACKAGE_REGEX);
        assertThat(JmhRunner.restricted(new CommandLineOptions("UserMap")).getIncludes()).containsExactly("UserMap");
    }

    @Test
    void badOptionsAndUnknownBenchmarksAreUsageErrors() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        assertThat(JmhRunner.run(out, "-wi", "many")).isEqualTo(JmhRunner.USAGE);
        assertThat(JmhRunner.run(out, "-f", "0", "NoSuchBenchmark")).isEqualTo(JmhRunner.USAGE);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Invalid JMH options", "No benchmark matches");
    }
}
