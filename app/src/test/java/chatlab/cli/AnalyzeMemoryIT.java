package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.capture.testing.ChatCaptureGenerator;
import chatlab.capture.testing.LargeCaptureGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output of {@code chatlab analyze} on large captures in a child JVM limited to a 256 MB heap (issue 23): a
 * 2.33-million-packet capture shaped like {@code chatlab bench fanout} with capture drops (650 MB; before, --chat and
 * --report ended in an OutOfMemoryError here), and 3 million packets over 460,000 TCP connections (before,
 * --conversations --json ran out of memory). Each must complete without a stack trace; a heap too small for the
 * limits asked ends in one line and its own exit code.
 */
class AnalyzeMemoryIT {
    private static final long TIMEOUT_SECONDS = 600;

    @TempDir
    static Path dir;
    static Path chat;
    static Path many;

    @BeforeAll
    static void captures() throws IOException {
        chat = dir.resolve("fanout.pcap");
        ChatCaptureGenerator.write(chat, 2_330_000, 100, 200, ChatCaptureGenerator.DEFAULT_TEXT_BYTES, 1);
        many = dir.resolve("many.pcap");
        LargeCaptureGenerator.write(many, 3_000_000, 500_000, 1);
    }

    private record Run(int code, Path out, String err) {
        String lastLines(int n) throws IOException {
            List<String> last = new ArrayList<>();
            try (BufferedReader r = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    last.add(line);
                    if (last.size() > n) {
                        last.remove(0);
                    }
                }
            }
            return String.join("\n", last);
        }
    }

    /** The shaded jar with {@code -Xmx<heap>}, its output to a file (a transcript can be 300 MB). */
    private static Run analyze(String heap, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-jar", ChatlabJar.jar().toString(), "analyze"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not end within " + TIMEOUT_SECONDS + " s");
        }
        return new Run(p.exitValue(), out, Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void noStackTrace(Run r) {
        assertThat(r.err()).as("stderr").doesNotContain("Exception", "Error", "\tat ");
    }

    @Test
    void theChatOfALargeCaptureIsPrintedIn256Mb() throws Exception {
        Run r = analyze("256m", "--chat", chat.toString());
        noStackTrace(r);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lastLines(40)).containsPattern("(?m)^\\d{6,} lines\\.$");
    }

    @Test
    void theReportOfALargeCaptureIsWrittenIn256Mb() throws Exception {
        Path report = dir.resolve("report");
        Run r = analyze("256m", "--report", report.toString(), chat.toString());
        noStackTrace(r);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lastLines(3)).contains("Report written to " + report.resolve("report.md"));
        assertThat(Files.size(report.resolve("report.md"))).isPositive();
        assertThat(Files.readString(report.resolve("ladder.svg"))).startsWith("<?xml");
    }

    @Test
    void halfAMillionConnectionsAreListedAsJsonIn256Mb() throws Exception {
        Run r = analyze("256m", "--conversations", "--json", many.toString());
        noStackTrace(r);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lastLines(3)).endsWith("}\n  ]\n}");
        long rows;
        try (var lines = Files.lines(r.out())) {
            rows = lines.filter(l -> l.startsWith("      \"stream\": ")).count();
        }
        Run text = analyze("256m", many.toString());
        noStackTrace(text);
        assertThat(text.code()).isZero();
        String answers = Files.readString(text.out());
        assertThat(answers).doesNotContain("flow limit reached");
        assertThat(rows).as("a row per connection and flow, none retired").isGreaterThan(460_000);
    }

    @Test
    void aHeapTooSmallForTheLimitsEndsInOneLine() throws Exception {
        Run r = analyze("24m", "--max-flows", "2000000", many.toString());
        assertThat(r.code()).isEqualTo(AnalyzeCommand.EXIT_OUT_OF_MEMORY);
        assertThat(r.err().lines()).hasSize(1).first().asString().startsWith("chatlab: ran out of memory: the Java "
                + "heap (24 MB) is too small for this capture with these limits; lower --max-flows (now 2000000)");
    }
}
