package chatlab.check;

import chatlab.check.report.SummaryText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevRunTest {
    @Test
    void run() throws Exception {
        String target = System.getProperty("dev.target", "server");
        List<String> command = List.of(System.getProperty("dev.command").split(" "));
        CheckRequest request = CheckRequest.of(Target.parse(target), command);
        if (!"ns".equals(System.getProperty("dev.network"))) {
            request = request.local("127.0.0.1", 0);
        }
        if (System.getProperty("dev.report") != null) {
            request = request.withReportDir(Path.of(System.getProperty("dev.report")));
        }
        if (System.getProperty("dev.only") != null) {
            request = request.withRules(java.util.Set.of(System.getProperty("dev.only").split(",")), java.util.Set.of());
        }
        StringBuilder log = new StringBuilder();
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
        Files.writeString(Path.of("/tmp/chk/out.txt"), log + "\n" + SummaryText.render(outcome));
    }
}
