package chatlab.cli;

import chatlab.bench.server.ServerProbe;
import chatlab.bench.server.SpawnedServer;
import chatlab.history.HistoryConfig;
import chatlab.history.LoggedMessage;
import chatlab.history.MessageLogEvents;
import chatlab.history.SqliteMessageLog;
import chatlab.protocol.v2.Wire;
import chatlab.server.HistorySettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chatlab bench history}: what the message log costs a chatlab server where a user feels it. The
 * acknowledgement latency of one sender at a steady rate, with the log and without (every message is stored, with
 * its disk sync, before it is acknowledged), and the time a v2 client that joins a room with a long history waits
 * for its last messages. The fan-out's cost per delivery is {@code chatlab bench fanout --compare-history}.
 */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures what chatlab's message log costs where users feel it: the acknowledgement latency of "
                + "one sender at a steady rate (a server with its log, then one without), and how long a v2 client "
                + "that joins a room of many logged messages waits for the room's last messages. It starts its own "
                + "servers on the loopback, each with a data folder of its own. See docs/BENCHMARKS.md.")
final class BenchHistoryCommand implements Callable<Integer> {
    private static final String ROOM = "#bench";
    /** Joins before the measured ones: the server's code is compiled by then. */
    static final int WARMUP_JOINS = 50;
    /** The log is filled in batches of this many messages (one transaction each). */
    static final int FILL_BATCH = 5_000;
    /** Warm-up messages in flight at once: acknowledged before the next window goes out. */
    static final int WARMUP_WINDOW = 100;

    @Option(names = "--ack-messages", defaultValue = "1000", paramLabel = "N",
            description = "Messages the one sender says, at --ack-rate (default: ${DEFAULT-VALUE}).")
    int ackMessages;

    @Option(names = "--ack-rate", defaultValue = "50", paramLabel = "PER_SECOND",
            description = "The sender's steady rate (default: ${DEFAULT-VALUE} messages a second).")
    int ackRate;

    @Option(names = "--ack-warmup", defaultValue = "20000", paramLabel = "N",
            description = "Messages the sender says first, as fast as they are acknowledged ("
                    + WARMUP_WINDOW + " at a time), not measured: the server's code is compiled by then, as in a "
                    + "server that has run for a while (default: ${DEFAULT-VALUE}).")
    int ackWarmup;

    @Option(names = "--listeners", defaultValue = "10", paramLabel = "N",
            description = "Clients in the room that only read, so each message is delivered (default: "
                    + "${DEFAULT-VALUE}).")
    int listeners;

    @Option(names = "--messages", defaultValue = "100000", paramLabel = "N",
            description = "Messages in the room's log before the joins (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--joins", defaultValue = "200", paramLabel = "N",
            description = "Measured joins, one after another (after " + WARMUP_JOINS + " to warm up) "
                    + "(default: ${DEFAULT-VALUE}).")
    int joins;

    @Option(names = "--on-join", defaultValue = "" + HistorySettings.DEFAULT_ON_JOIN_MESSAGES, paramLabel = "N",
            description = "The server's --history-on-join: messages each join gets (default: ${DEFAULT-VALUE}).")
    int onJoin;

    @Option(names = "--history-sync", defaultValue = "normal", paramLabel = "full|normal",
            description = "The servers' --history-sync (default: ${DEFAULT-VALUE}, as chatlab server).")
    String sync;

    @Option(names = "--skip-join", description = "Measure the acknowledgements only.")
    boolean skipJoin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "chatlab bench history (load average before: %s)%n", loadAverage());
        for (String history : List.of("on", "off")) {
            try (SpawnedServer server = start(listeners + 2, List.of("--history", history, "--history-sync", sync))) {
                Histogram acks = ackLatency(server.address());
                out.printf(Locale.ROOT, "  ack latency, one sender at %d/s, %d messages (after %d to warm up), %d "
                        + "listeners, history %s%s: %s%n", ackRate, ackMessages, ackWarmup, listeners, history, history.equals("on") ? " (sync " + sync
                        + ")" : "", millis(acks));
            }
            out.flush();
        }
        if (skipJoin) {
            out.printf(Locale.ROOT, "  load average after: %s%n", loadAverage());
            out.flush();
            return 0;
        }
        Path data = Files.createTempDirectory("chatlab-bench-history-");
        try {
            long filling = System.nanoTime();
            fill(data);
            out.printf(Locale.ROOT, "  filled the log with %,d messages in %.1f s%n", messages,
                    (System.nanoTime() - filling) / 1e9);
            try (SpawnedServer server = start(2, List.of("--data-dir", data.toString(), "--history-on-join",
                    Integer.toString(onJoin), "--history-sync", sync))) {
                ServerProbe probe = ServerProbe.of(server.pid());
                var cpuBefore = probe.sample();
                Histogram[] joined = joins(server.address());
                double cpu = probe.sample().cpuNanosSince(cpuBefore) / 1e9;
                out.printf(Locale.ROOT, "  join of a room of %,d messages, %d sent as history, %d joins: hello to the "
                        + "page's end %s%n", messages, onJoin, joins, millis(joined[0]));
                out.printf(Locale.ROOT, "    the room's state to the page's end (the %d messages): %s; server CPU "
                        + "%.2f ms per join%n", onJoin, millis(joined[1]), cpu * 1000 / (joins + WARMUP_JOINS));
            }
        } finally {
            SpawnedServer.deleteFolder(data);
        }
        out.printf(Locale.ROOT, "  load average after: %s%n", loadAverage());
        out.flush();
        return 0;
    }

    private static SpawnedServer start(int connections, List<String> serverArgs) {
        return SpawnedServer.start(SpawnedServer.Kind.CHATLAB, connections,
                new SpawnedServer.ChatlabJvm(chatlab.server.ChatServer.RECOMMENDED_JVM_OPTIONS, Main.class.getName(),
                        serverArgs), Duration.ofSeconds(60));
    }

    /** One sender at a steady rate; the time from each say to its ack, in microseconds. */
    private Histogram ackLatency(InetSocketAddress server) throws Exception {
        List<HistoryProbeClient> readers = new ArrayList<>();
        try (ListenerDrain drain = new ListenerDrain()) {
            for (int i = 0; i < listeners; i++) {
                HistoryProbeClient reader = HistoryProbeClient.connect(server);
                readers.add(reader);
                reader.hello("listener" + i, ROOM);
                reader.readUntil("{\"type\":\"room\"");
                drain.add(reader);
            }
            drain.start();
            try (HistoryProbeClient sender = HistoryProbeClient.connect(server)) {
                sender.hello("sender", ROOM);
                sender.readUntil("{\"type\":\"room\"");
                warmUp(sender);
                long[] sentAt = new long[ackMessages];
                Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
                ConcurrentHashMap<Integer, Boolean> acked = new ConcurrentHashMap<>();
                CountDownLatch all = new CountDownLatch(ackMessages);
                Thread acks = new Thread(() -> {
                    try {
                        while (all.getCount() > 0) {
                            String line = sender.read();
                            int at = line.indexOf("\"id\":\"a");
                            if (line.startsWith("{\"type\":\"ack\"") && at >= 0) {
                                long now = System.nanoTime();
                                int id = Integer.parseInt(line.substring(at + 7, line.indexOf('"', at + 7)));
                                if (acked.putIfAbsent(id, Boolean.TRUE) == null) {
                                    latency.recordValue(Math.max(0, (now - sentAt[id]) / 1000));
                                    all.countDown();
                                }
                            } else if (line.startsWith("{\"type\":\"error\"")) {
                                throw new IllegalStateException("the server refused a message: " + line);
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        while (all.getCount() > 0) {
                            all.countDown(); // the count below says what is missing
                        }
                    }
                }, "bench-history-acks");
                acks.setDaemon(true);
                acks.start();
                long start = System.nanoTime();
                long gap = TimeUnit.SECONDS.toNanos(1) / ackRate;
                for (int i = 0; i < ackMessages; i++) {
                    long due = start + i * gap;
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    sentAt[i] = System.nanoTime();
                    sender.send("{\"type\":\"say\",\"room\":\"" + ROOM + "\",\"id\":\"a" + i + "\",\"text\":\"message "
                            + i + " of the one sender, about as long as a chat line\"}");
                }
                if (!all.await(60, TimeUnit.SECONDS) || acked.size() < ackMessages) {
                    throw new UserError("only " + acked.size() + " of " + ackMessages + " messages were acknowledged");
                }
                return latency;
            }
        } finally {
            for (HistoryProbeClient reader : readers) {
                reader.close();
            }
        }
    }

    /**
     * Says {@link #ackWarmup} messages, {@link #WARMUP_WINDOW} at a time, each window acknowledged before the next.
     * A fresh JVM runs a message's path in the interpreter and then in profiled code for its first thousands of
     * messages; at 50 a second the measured ones would otherwise see that (about 1 ms more per acknowledgement on this
     * machine), not the server users talk to after its first minutes.
     */
    private void warmUp(HistoryProbeClient sender) throws IOException {
        for (int first = 0; first < ackWarmup; first += WARMUP_WINDOW) {
            int window = Math.min(WARMUP_WINDOW, ackWarmup - first);
            for (int i = first; i < first + window; i++) {
                sender.send("{\"type\":\"say\",\"room\":\"" + ROOM + "\",\"id\":\"w" + i + "\",\"text\":\"warm-up "
                        + i + " of the one sender, about as long as a chat line\"}");
            }
            for (int acked = 0; acked < window; ) {
                String line = sender.read();
                if (line.startsWith("{\"type\":\"ack\"")) {
                    acked++;
                } else if (line.startsWith("{\"type\":\"error\"")) {
                    throw new UserError("the server refused a warm-up message: " + line);
                }
            }
        }
    }

    /** The room's log, written before the server starts: {@code messages} chat lines in {@link #ROOM}. */
    private void fill(Path data) throws Exception {
        Instant now = Instant.now();
        try (SqliteMessageLog log = SqliteMessageLog.open(SqliteMessageLog.pathIn(data), HistoryConfig.defaults(),
                MessageLogEvents.NONE, Clock.systemUTC())) {
            for (int first = 1; first <= messages; first += FILL_BATCH) {
                List<LoggedMessage> batch = new ArrayList<>();
                for (int seq = first; seq < first + FILL_BATCH && seq <= messages; seq++) {
                    batch.add(new LoggedMessage(ROOM, seq, now.minusMillis(messages - seq), "user" + seq % 40,
                            Wire.V2, "f" + seq, "message " + seq + " of the room's long history, about a chat line",
                            false));
                }
                log.append(batch).get(60, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Joins one after another: [0] from the hello to the end of the history page, [1] from the room's state to it,
     * in microseconds.
     */
    private Histogram[] joins(InetSocketAddress server) throws IOException {
        Histogram fromHello = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        Histogram fromRoom = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        for (int i = 0; i < WARMUP_JOINS + joins; i++) {
            try (HistoryProbeClient client = HistoryProbeClient.connect(server)) {
                long hello = System.nanoTime();
                client.hello("joiner" + i, ROOM);
                client.readUntil("{\"type\":\"room\"");
                long room = System.nanoTime();
                int history = 0;
                String line = client.read();
                while (!line.startsWith("{\"type\":\"history\"")) {
                    if (line.contains("\"history\":true")) {
                        history++;
                    }
                    line = client.read();
                }
                long end = System.nanoTime();
                if (history != Math.min(onJoin, messages)) {
                    throw new UserError("a join got " + history + " messages of history, not " + onJoin);
                }
                if (i >= WARMUP_JOINS) {
                    fromHello.recordValue((end - hello) / 1000);
                    fromRoom.recordValue((end - room) / 1000);
                }
            }
        }
        return new Histogram[] {fromHello, fromRoom};
    }

    static String millis(Histogram micros) {
        return String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0,
                micros.getMaxValue() / 1000.0);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
