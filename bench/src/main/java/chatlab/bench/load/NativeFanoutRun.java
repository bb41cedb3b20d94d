package chatlab.bench.load;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import chatlab.bench.scenario.Progress;
import chatlab.bench.server.CProgram;
import chatlab.bench.server.Measurement;
import chatlab.bench.server.ProcFiles;
import chatlab.bench.server.ServerProbe;
import chatlab.bench.server.SpawnedServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private static final long EXIT_WAIT_MILLIS = 5_000;

    private NativeFanoutRun() {}

    public static BenchResult run(BenchConfig config, ServerProbe probe, String serverKind, Progress progress) {
        Path program = CProgram.LAB_LOAD.path();
        Path errors;
        try {
            errors = Files.createTempFile("chatlab-labload", ".err");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a file for the C load generator's messages", e);
        }
        Process process;
        try {
            process = new ProcessBuilder(command(program, config)).redirectError(errors.toFile()).start();
        } catch (IOException e) {
            deleteQuietly(errors);
            throw new IllegalStateException("cannot start the C load generator: " + e.getMessage());
        }
        Thread stopOnExit = new Thread(() -> SpawnedServer.stop(process), "bench-labload-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit); // Ctrl-C: the generator goes with the bench
        // The whole run is bounded: past the time limit the program is ended and its output ends with it.
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture<Void> timeLimit = CompletableFuture.runAsync(() -> {
            timedOut.set(true); // before the stop, so the reader of the output knows why it ended
            SpawnedServer.stop(process);
        }, CompletableFuture.delayedExecutor(config.timeLimit().toMillis(), TimeUnit.MILLISECONDS));
        Output output = new Output();
        Measurement measurement = new Measurement(probe, false);
        ServerProbe generator = new ServerProbe(process.pid(), ProcFiles.system(), java.util.Optional.empty());
        AtomicReference<String> status = new AtomicReference<>("joining"); // read by the progress thread
        progress.status(() -> "C generator: " + status.get());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.US_ASCII))) {
            String line;
            while ((line = lines.readLine()) != null) {
                try {
                    output.read(line, measurement, generator, status);
                } catch (RuntimeException e) { // a line it should not have printed, or the server gone from /proc
                    output.failure = "stopped the C load generator: " + e.getMessage();
                    break;
                }
            }
            process.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            output.failure = "reading the C load generator's output failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            output.failure = "interrupted";
        } finally {
            timeLimit.cancel(false);
            SpawnedServer.stop(process);
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
        try {
            String failure = output.failure(process, timedOut.get(), config, errors);
            return output.result(config, serverKind, probe, failure, measurement);
        } finally {
            deleteQuietly(errors);
        }
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

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left behind is not worth failing the run for
        }
    }

    /** What the program said, line by line. */
    static final class Output {
        private final Map<String, Long> results = new HashMap<>();
        private final Map<String, Histogram> histograms = new HashMap<>();
        private Double registeredMillis;
        private boolean measuringSeen;
        private boolean measuredSeen;
        private boolean done;
        private String failure;
        private ProcFiles.Sample generatorStart;
        private ProcFiles.Sample generatorEnd;

        Output() {
            for (String name : List.of("latency", "after_write", "lateness")) {
                histograms.put(name, new Histogram(RunStats.MAX_LATENCY_MICROS, 3));
            }
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

        String failure(Process process, boolean timedOut, BenchConfig config, Path errors) {
            if (timedOut) {
                return "the time limit (" + config.timeLimit() + ") was reached";
            }
            if (failure != null) {
                return failure;
            }
            if (!done) {
                int status = process.isAlive() ? -1 : process.exitValue();
                return "the C load generator stopped early (exit status " + status + "): "
                        + SpawnedServer.tailOf(errors);
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
