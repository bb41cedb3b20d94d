package chatlab.capture.testing;

import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.AnalysisOptions;
import chatlab.capture.flow.Analyzer;
import chatlab.capture.report.Json;
import chatlab.capture.report.LabAnswers;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Times the full analysis (read, decode, every flow's sequence analysis, lab answers) on a capture, several runs,
 * and prints packets per second and the peak heap. Not a unit test: run by hand, see docs/BENCHMARKS.md.
 *
 * <p>Usage: {@code CaptureBenchmark FILE [RUNS]}
 */
public final class CaptureBenchmark {
    private CaptureBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double best = 0;
        for (int run = 1; run <= runs; run++) {
            long t0 = System.nanoTime();
            Analysis a = new Analyzer(AnalysisOptions.defaults()).analyze(file);
            String json = Json.write(LabAnswers.of(a));
            double s = (System.nanoTime() - t0) / 1e9;
            double pps = a.frames() / s;
            best = Math.max(best, pps);
            System.out.printf("run %d: %,d frames, %,d TCP connections, %,d retransmissions in the selected one, "
                    + "%.3f s, %,.0f packets/s, %.0f MB/s (%d bytes of JSON)%n", run, a.frames(), a.tcpConnections(),
                    a.selected() == null ? 0 : a.selected().totalRetransmissions(), s, pps,
                    Files.size(file) / s / 1e6, json.length());
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("best: %,.0f packets/s; peak heap used %.1f MB (max heap %.0f MB)%n", best, peak / 1e6,
                Runtime.getRuntime().maxMemory() / 1e6);
    }
}
