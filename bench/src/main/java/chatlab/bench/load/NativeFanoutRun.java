package chatlab.bench.load;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import chatlab.bench.scenario.Progress;
import chatlab.bench.server.CProgram;
import chatlab.bench.server.Measurement;
import chatlab.bench.server.ProcFiles;
import chatlab.bench.server.ServerProbe;
import chatlab.proc.Launch;
import chatlab.proc.RunningProcess;
import chatlab.proc.Stopper;
import chatlab.proc.Stream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * fanout with {@code --generator c}: the traffic (open or closed loop) is made by {@code labload} (compiled from
 * {@code labload.c}) as a child process, and the bench samples the server's CPU at the edges of the measured window, which the program
 * announces on its output, then builds the same result as its own clients would. The program's output is line by
 * line ("registered MS", "measuring", "measured", "progress ...", "result NAME VALUE", "hist NAME US COUNT",
 * "done", or "error TEXT"), described at the top of labload.c.
 */
public final class NativeFanoutRun {
    /** How long the program may take to exit once its output has ended. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(5);
    /** What is kept of its output besides the lines read: its stderr's end, for a failure. */
    private static final int OUTPUT_LIMIT_BYTES = 64 * 1024;

    private NativeFanoutRun() {}

    public static BenchResult run(BenchConfig config, ServerProbe probe, String serverKind, Progress progress) {
        Path program = CProgram.LAB_LOAD.path();
        Output output = new Output();
        Measurement measurement = new Measurement(probe, false);
        AtomicReference<String> status = new AtomicReference<>("joining"); // read by the progress thread
        // The lines are read on the runner's thread; they wait until the generator's own probe is known.
        CompletableFuture<ServerProbe> generator = new CompletableFuture<>();
        RunningProcess process;
        try {
            process = Launch.of(command(program, config)).label("the C load generator").outputLimit(OUTPUT_LIMIT_BYTES)
                    .onLine((stream, line) -> {
                        if (stream == Stream.STDOUT) {
                            output.take(line, measurement, generator.join(), status);
                        }
                    }).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the C load generator: " + e.getMessage());
        }
        generator.complete(new ServerProbe(process.pid(), ProcFiles.system(), Optional.empty()));
        Thread stopOnExit = new Thread(() -> process.stop(Stopper.DEFAULT_GRACE), "bench-labload-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit); // Ctrl-C: the generator goes with the bench
        progress.status(() -> "C generator: " + status.get());
        boolean timedOut = false;
        try {
            // The whole run is bounded: past the time limit the program is ended, and its output with it.
            timedOut = !process.await(config.timeLimit(), () -> !process.alive() || output.stopped());
            if (Thread.currentThread().isInterrupted()) {
                output.failure = "interrupted";
                timedOut = false;
            } else if (!timedOut && !output.stopped()) {
                process.awaitExit(EXIT_WAIT);
            }
        } finally {
            process.stop(Stopper.DEFAULT_GRACE);
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
        String failure = output.failure(process, timedOut, config);
        return output.result(config, serverKind, probe, failure, measurement);
    }

    /** labload's command line (its usage is at the top of labload.c). */
    static List<String> command(Path program, BenchConfig config) {
        return List.of(program.toString(), config.target().getAddress().getHostAddress(),
                Integer.toString(config.target().getPort()), Integer.toString(config.clients()),
                Integer.toString(config.senders()), Double.toString(config.ratePerSender()),
                Integer.toString(config.window()),
                Long.toString(config.warmup().toMillis()), Long.toString(Math.max(1, config.duration().toMillis())),
                Long.toString(config.drain().toMillis()), Integer.toString(config.payloadBytes()),
                Integer.toString(config.perAddress()), Long.toString(config.connectTimeout().toMillis()));
    }

    /** What the program said, line by line. */
    static final class Output {
        private final Map<String, Long> results = new HashMap<>();
        private final Map<String, Histogram> histograms = new HashMap<>();
        private Double registeredMillis;
        private boolean measuringSeen;
        private boolean measuredSeen;
        private boolean done;
        private volatile String failure;
        /** A line it should not have printed, or the server gone from /proc: the rest is not read. */
        private volatile boolean stopped;
        private ProcFiles.Sample generatorStart;
        private ProcFiles.Sample generatorEnd;

        Output() {
            for (String name : List.of("latency", "after_write", "lateness")) {
                histograms.put(name, new Histogram(RunStats.MAX_LATENCY_MICROS, 3));
            }
        }

        /** Reads one line, unless an earlier one stopped the reading; never throws (it runs on the reading thread). */
        void take(String line, Measurement measurement, ServerProbe generator, AtomicReference<String> status) {
            if (stopped) {
                return;
            }
            try {
                read(line, measurement, generator, status);
            } catch (RuntimeException e) {
                failure = "stopped the C load generator: " + e.getMessage();
                stopped = true;
            }
        }

        boolean stopped() {
            return stopped;
        }

        void read(String line, Measurement measurement, ServerProbe generator, AtomicReference<String> status) {
            String[] words = line.split(" ");
            switch (words[0]) {
                case "registered" -> {
                    registeredMillis = Double.parseDouble(words[1]);
                    status.set("warm-up");
                }
                case "measuring" -> {
                    measurement.start();
                    generatorStart = sampleOrNull(generator);
                    measuringSeen = true;
                }
                case "measured" -> {
                    generatorEnd = sampleOrNull(generator);
                    measurement.end();
                    measuredSeen = true;
                    status.set("draining");
                }
                case "progress" -> status.set(String.format("%s, %,d deliveries/s, awaited %,d", words[1],
                        Long.parseLong(words[2]), Long.parseLong(words[3])));
                case "result" -> results.put(words[1], Long.parseLong(words[2]));
                case "hist" -> {
                    Histogram histogram = histograms.get(words[1]);
                    if (histogram != null) {
                        histogram.recordValueWithCount(Math.min(Long.parseLong(words[2]),
                                histogram.getHighestTrackableValue()), Long.parseLong(words[3]));
                    }
                }
                case "done" -> done = true;
                case "error" -> failure = line.length() > "error ".length() ? line.substring("error ".length())
                        : "the C load generator failed without saying why";
                default -> failure = "the C load generator said something unexpected: " + line;
            }
        }

        private static ProcFiles.Sample sampleOrNull(ServerProbe generator) {
            try {
                return generator.sample();
            } catch (IllegalStateException e) {
                return null;
            }
        }

        String failure(RunningProcess process, boolean timedOut, BenchConfig config) {
            if (timedOut) {
                return "the time limit (" + config.timeLimit() + ") was reached";
            }
            if (failure != null) {
                return failure;
            }
            if (!done) {
                int status = process.exitCode().orElse(-1);
                return "the C load generator stopped early (exit status " + status + "): "
                        + process.tail(Stream.STDERR, 500);
            }
            return null;
        }

        BenchResult result(BenchConfig config, String serverKind, ServerProbe probe, String failure,
                Measurement measurement) {
            boolean completed = failure == null && measuringSeen && measuredSeen;
            long sent = value("sent");
            long measuredDeliveries = value("measured_deliveries");
            long delivered = value("delivered");
            long lost = value("lost");
            double seconds = config.duration().toNanos() / 1e9;
            boolean open = config.openLoop();
            BenchResult.Traffic traffic = done ? new BenchResult.Traffic(open ? "open" : "closed", seconds, sent,
                    value("measured_messages"), measuredDeliveries, seconds > 0 ? measuredDeliveries / seconds : 0,
                    sent * (config.clients() - 1L), delivered, lost, value("duplicated"), value("merged"),
                    value("shared_read"), value("split"), value("unsent"),
                    BenchResult.Latency.of(histograms.get("latency")),
                    open ? BenchResult.Latency.of(histograms.get("lateness")) : null,
                    open ? BenchResult.Latency.of(histograms.get("after_write")) : null) : null;
            int registered = registeredMillis == null ? 0 : config.clients();
            BenchResult.Connections connections = new BenchResult.Connections(config.clients(), registered,
                    registered, 0, 0, registeredMillis);
            long foreign = value("foreign");
            BenchResult.Errors errors = foreign == 0 ? new BenchResult.Errors(0, Map.of(), List.of())
                    : new BenchResult.Errors(foreign, Map.of("message from no sender of this run", foreign),
                            new ArrayList<>());
            double generatorCpu = generatorStart != null && generatorEnd != null
                    ? generatorEnd.cpuNanosSince(generatorStart) / 1e9 : 0;
            BenchResult.ServerUsage usage = completed ? measurement.usage(measuredDeliveries) : null;
            return new BenchResult(config, serverKind, probe == null ? null : probe.pid(), completed, failure,
                    connections, traffic, value("presence_bytes"), errors, usage, generatorCpu, null, null, null);
        }

        private long value(String name) {
            return results.getOrDefault(name, 0L);
        }
    }
}
