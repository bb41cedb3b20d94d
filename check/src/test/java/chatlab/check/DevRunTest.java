package chatlab.check;

import chatlab.check.report.SummaryText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevRunTest {
    @Test
    void run() throws Exception {
        String target = System.getProperty("dev.target", "server");
        StringBuilder log = new StringBuilder();
        for (String one : System.getProperty("dev.command").split(";")) {
            List<String> command = List.of(one.trim().split(" "));
            CheckRequest request = CheckRequest.of(Target.parse(target), command);
            if (!"ns".equals(System.getProperty("dev.network"))) {
                request = request.local("127.0.0.1", 0);
            }
            request = request.withTimeouts(request.timeouts().withStep(Duration.ofSeconds(3))
                    .withStopGrace(Duration.ofMillis(300)));
            if (System.getProperty("dev.report") != null) {
                request = request.withReportDir(Path.of(System.getProperty("dev.report")));
            }
            if (System.getProperty("dev.only") != null) {
                request = request.withRules(java.util.Set.of(System.getProperty("dev.only").split(",")),
                        java.util.Set.of());
            }
            long t0 = System.nanoTime();
            CheckOutcome outcome = CheckRunner.run(request, new CheckEvents() {
                @Override
                public void progress(String line) {
                    log.append(String.format("%6.2f ", (System.nanoTime() - t0) / 1e9)).append(line).append('\n');
                }

                @Override
                public void warning(String line) {
                    log.append("WARN ").append(line).append('\n');
                }
            });
            log.append("\n").append(SummaryText.render(outcome)).append("\nFAILED SET ").append(one).append(": ")
                    .append(outcome.failedIds()).append(String.format(" in %.1f s%n%n", (System.nanoTime() - t0) / 1e9));
        }
        Files.writeString(Path.of("/tmp/chk/out.txt"), log);
    }
}
