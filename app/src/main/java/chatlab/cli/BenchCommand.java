package chatlab.cli;

import chatlab.bench.AckPolicy;
import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import chatlab.bench.BenchScenario;
import chatlab.bench.ClientProtocol;
import chatlab.bench.LoadGenerator;
import chatlab.bench.LoopbackTarget;
import chatlab.bench.report.BenchTerms;
import chatlab.bench.report.BenchTextReport;
import chatlab.bench.report.CompareReport;
import chatlab.bench.report.JsonReport;
import chatlab.bench.report.RepeatReport;
import chatlab.bench.scenario.BenchRun;
import chatlab.bench.scenario.ClusterComparison;
import chatlab.bench.server.BenchCluster;
import chatlab.bench.server.CReferenceServer;
import chatlab.bench.server.PeerServer;
import chatlab.bench.server.ServerProbe;
import chatlab.bench.server.SpawnedServer;
import chatlab.protocol.v2.Wire;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chatlab bench}: a load generator for chat servers on the loopback (chatlab's and the lab's Python one). */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, subcommands = {BenchJmhCommand.class, BenchHistoryCommand.class},
        defaultValueProvider = OptionDefaults.Bench.class,
        description = {
            "Loads a chat server on the loopback with many clients on real sockets and reports what it delivered, how "
                    + "fast, and at what cost to the server. Scenarios: fanout (N clients, S senders, every message "
                    + "to every other client), join-storm (N clients join at once: time until every list is full, "
                    + "presence bytes), idle (N idle connections: server memory per connection), churn (clients "
                    + "joining and leaving while others talk), slow-reader (the same open-loop traffic with K more "
                    + "clients that stop reading, then with none: the others' latency both ways, and when each slow "
                    + "reader was cut off).",
            "Without --target it starts the server itself on a free loopback port (--server, or each of --compare in "
                    + "turn), with the rate and connection limits lifted, and knows its PID: chatlab, the lab's Python "
                    + "server, a plain C one, or the field's servers ngIRCd, Redis and NATS (fanout, each in its own "
                    + "protocol, configured as docs/BENCHMARKS.md shows). See docs/BENCHMARKS.md.",
            "fanout --servers K --cluster starts K chatlab servers joined in a cluster through a NATS broker (the "
                    + "bench's own nats-server with JetStream, or --cluster=URL), spreads the clients over them, and "
                    + "runs one chatlab server alone with the same load in each round: CPU summed over every server "
                    + "and the broker, and per message."},
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:the run completed with nothing lost", "1:something was lost or duplicated, an error "
                + "happened, the run failed, or a server to compare is not installed", "2:a usage error"},
        footerHeading = "Terms in the report (a text report ends with those it used):%n",
        footer = {"  " + BenchTerms.DELIVERIES, "  " + BenchTerms.LOST, "  " + BenchTerms.HALF_OPEN,
            "  " + BenchTerms.MERGED, "  " + BenchTerms.SHARED_A_READ, "  " + BenchTerms.SPLIT,
            "  " + BenchTerms.SENDS_LATE, "  " + BenchTerms.FROM_THE_WRITE, "  " + BenchTerms.SENDS_SKIPPED})
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO",
            description = "fanout, join-storm, idle, churn or slow-reader (or the subcommand jmh, for the "
                    + "micro-benchmarks).")
    String scenario;

    @Option(names = "--target", paramLabel = "HOST:PORT",
            description = "Load this running server instead of starting one; loopback only (127.0.0.0/8, [::1] or "
                    + "localhost).")
    String target;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "With --target: the server's process id, for its CPU time and memory from /proc.")
    Long serverPid;

    @Option(names = "--server", paramLabel = "KIND",
            description = "Without --target: the server to start: chatlab, python (the lab's chatserver.py), c (the "
                    + "same server in plain C with TCP_NODELAY, compiled here with cc), c-nagle (the same without "
                    + "TCP_NODELAY), or one of the field's servers from its Debian package, spoken to in its own "
                    + "protocol (fanout only): ngircd (IRC), redis (RESP3 pub/sub) or nats "
                    + "(default: ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "--compare", split = ",", paramLabel = "KIND",
            description = "Run the scenario against each of these servers in turn (e.g. chatlab,python,c or "
                    + "chatlab,ngircd,redis,nats) and show them side by side with their ratios. A peer whose package "
                    + "is not installed is reported as not installed.")
    List<String> compare;

    @Option(names = "--history", paramLabel = "on|off",
            description = "A chatlab server the bench starts keeps its message log (in its temporary folder) or not "
                    + "(default: ${DEFAULT-VALUE}, as chatlab server).")
    String history;

    @Option(names = "--history-sync", paramLabel = "full|normal",
            description = "The --history-sync of a chatlab server the bench starts with its log (default: "
                    + "${DEFAULT-VALUE}, as chatlab server).")
    String historySync;

    @Option(names = "--history-search", paramLabel = "on|off",
            description = "The --history-search of a chatlab server the bench starts with its log; off spares it the "
                    + "search index (default: ${DEFAULT-VALUE}, as chatlab server).")
    String historySearch;

    @Option(names = "--history-commit-wait", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "The --history-commit-wait of a chatlab server the bench starts with its log (default: "
                    + "${DEFAULT-VALUE}, as chatlab server).")
    Duration historyCommitWait;

    @Option(names = "--compare-history",
            description = "Run the scenario against chatlab twice, with its message log and without (--history on, "
                    + "then off), and show the two side by side with their ratios.")
    boolean compareHistory;

    @Option(names = "--servers", defaultValue = "1", paramLabel = "K",
            description = "fanout with --cluster: start K chatlab servers joined in a cluster and spread the clients "
                    + "over them in turn; each round then also runs one chatlab server alone with the same load, and "
                    + "both report their CPU summed over every process (the servers and the broker) and per message "
                    + "(default: ${DEFAULT-VALUE}).")
    int servers;

    @Option(names = "--cluster", arity = "0..1", fallbackValue = "", paramLabel = "URL",
            description = "With --servers: the cluster's NATS broker. Without a URL the bench starts nats-server "
                    + "with JetStream on the loopback itself, a fresh one each round, and counts its CPU; with one "
                    + "(nats://127.0.0.1:4222, loopback only; write --cluster=URL before the scenario) the servers "
                    + "join that broker, whose CPU is counted only with --broker-pid.")
    String cluster;

    @Option(names = "--broker-pid", paramLabel = "PID",
            description = "With --cluster URL: the broker's process id, so its CPU time is counted with the servers'.")
    Long brokerPid;

    @Option(names = "--protocol", paramLabel = "NAME",
            description = "With --target: what the clients speak: chat (the lab or v2 wire, --wire), irc, resp or "
                    + "nats (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--ack-policy", paramLabel = "POLICY",
            description = "When the bench's client sockets acknowledge what they read: delayed (Linux's default: a "
                    + "socket that writes soon after reading delays its ACKs up to 40 ms) or quick (TCP_QUICKACK after "
                    + "every read). A server with Nagle's algorithm on, like the lab's Python server, waits for those "
                    + "ACKs (default: ${DEFAULT-VALUE}).")
    String ackPolicy;

    @Option(names = "--wire", defaultValue = "lab", description = "lab or v2 (default: ${DEFAULT-VALUE}).")
    String wire;

    @Option(names = "--clients",
            description = "Clients in the room (churn: the stable ones) (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--senders",
            description = "How many of the clients send (fanout, churn) (default: ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = "--window",
            description = "Closed loop: messages in flight per sender; a message is done when every other client has "
                    + "it (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--rate",
            description = "Open loop: messages per second per sender, on a schedule made in advance, latency measured "
                    + "from the scheduled time; 0 means closed loop (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "The measured window (idle: how long the clients stay) (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", converter = DurationConverter.class,
            description = "Traffic before the measured window, not counted (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--payload",
            description = "Bytes of each message's text, at least its stamp; at most 1000 on the lab wire "
                    + "(default: ${DEFAULT-VALUE}).")
    int payload;

    @Option(names = "--churners",
            description = "churn: clients that keep joining and leaving (default: ${DEFAULT-VALUE}).")
    int churners;

    @Option(names = "--churn-rate",
            description = "churn: joins per second, each making an earlier churner leave (default: ${DEFAULT-VALUE}).")
    double churnRate;

    @Option(names = "--slow-readers", paramLabel = "K",
            description = "slow-reader: clients besides --clients that misbehave once the measured window starts "
                    + "(default: ${DEFAULT-VALUE}).")
    int slowReaders;

    @Option(names = "--slow-mode", paramLabel = "MODE",
            description = "slow-reader: stop (they stop reading) or trickle (once a second they read a quarter of what "
                    + "each other client received) (default: ${DEFAULT-VALUE}).")
    String slowMode;

    @Option(names = "--in-flight", defaultValue = "0", paramLabel = "K",
            description = "join-storm: at most K clients joining at once, each waiting for its first user list before "
                    + "the next one connects (joins that trickle in); 0 connects them all at once "
                    + "(default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "K",
            description = "Run the scenario K times (with --compare: K rounds, each running every server once, in "
                    + "order) and report each number's median and range, and each round's ratios (default: "
                    + "${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--json", description = "Print one JSON object (fields in docs/BENCHMARKS.md) instead of text.")
    boolean json;

    @Option(names = "--no-progress", description = "No progress line on stderr.")
    boolean noProgress;

    @Option(names = "--time-limit", converter = DurationConverter.class,
            description = "Each run stops after this long, whatever it is doing (default: ${DEFAULT-VALUE}).")
    Duration timeLimit;

    @Option(names = "--drain", converter = DurationConverter.class,
            description = "After the last send, how long messages may still arrive before they count as lost "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--connect-timeout", converter = DurationConverter.class,
            description = "How long one connection may wait to be accepted (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--per-address", defaultValue = "" + BenchConfig.DEFAULT_PER_ADDRESS,
            description = "Client connections per source address (127.0.0.2 and up); keep it under the server's "
                    + "per-address limit (default: ${DEFAULT-VALUE}).")
    int perAddress;

    @Option(names = "--io-threads",
            description = "Event-loop threads of the bench's clients (default: ${DEFAULT-VALUE}).")
    int ioThreads;

    @Option(names = "--generator", paramLabel = "KIND",
            description = "Who makes the load: java (the bench's own clients, every scenario) or c (labload, a small "
                    + "C program compiled here with cc: fanout on the lab wire, one thread reading "
                    + "every client, so the load takes less of the cores the server runs on) "
                    + "(default: ${DEFAULT-VALUE}).")
    String generator;

    @Option(names = "--server-java-opts", paramLabel = "OPTS",
            description = "JVM options for a chatlab server the bench starts, e.g. \"-Xmx1g -XX:+UseParallelGC\"; "
                    + "by default the ones the chatlab launcher gives a server (periodic GC, tight heap).")
    String serverJavaOpts;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (scenario == null) {
            throw usageError("name a scenario: fanout, join-storm, idle, churn or slow-reader");
        }
        if (repeat < 1 || repeat > MAX_REPEAT) {
            throw usageError("--repeat must be between 1 and " + MAX_REPEAT + ", got " + repeat);
        }
        BenchScenario chosenScenario = usage(() -> BenchScenario.parse(scenario));
        Wire chosenWire = usage(() -> Wire.parse(wire));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = noProgress ? null : spec.commandLine().getErr();
        if (target != null) {
            if (compare != null) {
                throw usageError("--compare starts its own servers; it does not go with --target");
            }
            if (compareHistory) {
                throw usageError("--compare-history starts its own servers; it does not go with --target");
            }
            if (cluster != null || servers != 1 || brokerPid != null) {
                throw usageError("--cluster and --servers start their own servers; they do not go with --target");
            }
            InetSocketAddress address = usage(() -> LoopbackTarget.parse(target));
            BenchConfig config = usage(() -> config(chosenScenario, chosenWire, address)
                    .withProtocol(ClientProtocol.parse(protocol)));
            List<List<BenchResult>> rounds = new ArrayList<>();
            for (int round = 0; round < repeat; round++) {
                ServerProbe probe = serverPid == null ? null : ServerProbe.of(serverPid);
                rounds.add(List.of(runChecked(() -> BenchRun.run(config, probe, "external", progress))));
            }
            return report(rounds, out);
        }
        if (serverPid != null) {
            throw usageError("--server-pid goes with --target; a server the bench starts is measured anyway");
        }
        if (cluster != null || servers != 1 || brokerPid != null) {
            return clusterRun(chosenScenario, chosenWire, out, progress);
        }
        if (!ClientProtocol.CHAT.text().equals(protocol)) {
            throw usageError("--protocol goes with --target; a server the bench starts is spoken to in its own");
        }
        List<SpawnedServer.Kind> kinds = new ArrayList<>();
        for (String kind : compare != null ? compare : List.of(server)) {
            kinds.add(usage(() -> SpawnedServer.Kind.parse(kind)));
        }
        List<Spawn> spawns = spawns(kinds);
        // Validate the settings for every server before starting any.
        InetSocketAddress placeholder = new InetSocketAddress(LoopbackTarget.address("127.0.0.1"), 1);
        for (SpawnedServer.Kind kind : kinds) {
            usage(() -> config(chosenScenario, chosenWire, placeholder).withProtocol(kind.protocol()));
        }
        if (kinds.stream().anyMatch(SpawnedServer.Kind::compiledHere)) {
            runChecked(CReferenceServer::program); // no compiler: say so before the other servers' runs, not after
        }
        if (usage(() -> LoadGenerator.parse(generator)) == LoadGenerator.C) {
            runChecked(BenchRun::compileCGenerator); // the same, before any server starts
        }
        List<List<BenchResult>> rounds = new ArrayList<>();
        for (int round = 0; round < repeat; round++) {
            List<BenchResult> results = new ArrayList<>();
            for (Spawn spawn : spawns) {
                SpawnedServer.Kind kind = spawn.kind();
                Optional<String> missing = kind.peer().flatMap(PeerServer::missing);
                if (missing.isPresent()) { // reported as such in every round, never left out
                    results.add(BenchResult.missing(config(chosenScenario, chosenWire, placeholder)
                            .withProtocol(kind.protocol()), kind.text(), missing.get()));
                    continue;
                }
                int connections = clients + (chosenScenario == BenchScenario.CHURN ? 2 * churners : 0)
                        + (chosenScenario == BenchScenario.SLOW_READER ? clients + slowReaders : 0);
                try (SpawnedServer spawned = runChecked(() -> SpawnedServer.start(kind, connections,
                        new SpawnedServer.ChatlabJvm(javaOptions(), Main.class.getName(), spawn.serverArgs()),
                        Duration.ofSeconds(60)))) {
                    BenchConfig config = config(chosenScenario, chosenWire, spawned.address())
                            .withProtocol(kind.protocol());
                    results.add(runChecked(() -> BenchRun.run(config, ServerProbe.of(spawned.pid()), spawn.label(),
                            progress)));
                }
            }
            rounds.add(results);
        }
        return report(rounds, out);
    }

    /**
     * {@code --servers K --cluster [URL]}: each round the cluster of K servers, then one server alone, same load
     * ({@link ClusterComparison}); the options that do not go with it are usage errors.
     */
    private int clusterRun(BenchScenario chosenScenario, Wire chosenWire, PrintWriter out, PrintWriter progress) {
        if (cluster == null) {
            throw usageError(servers != 1 ? "--servers " + servers + " starts servers joined in a cluster: give "
                    + "--cluster (the bench then starts its own broker) or --cluster=nats://HOST:PORT"
                    : "--broker-pid goes with --cluster=nats://HOST:PORT");
        }
        if (chosenScenario != BenchScenario.FANOUT) {
            throw usageError("--cluster runs fanout only");
        }
        if (compare != null || compareHistory || !SpawnedServer.Kind.CHATLAB.text().equals(server)) {
            throw usageError("--cluster compares chatlab servers in a cluster with one alone; it does not go with "
                    + "--compare, --compare-history or another --server");
        }
        if (servers < 1 || servers > BenchCluster.MAX_SERVERS) {
            throw usageError("--servers must be between 1 and " + BenchCluster.MAX_SERVERS + ", got " + servers);
        }
        String url = cluster.isBlank() ? null : usage(() -> BenchCluster.checkBrokerUrl(cluster));
        if (brokerPid != null && url == null) {
            throw usageError("--broker-pid goes with --cluster=nats://HOST:PORT; a broker the bench starts is "
                    + "measured anyway");
        }
        if (url == null) {
            PeerServer.NATS.missing().ifPresent(why -> {
                throw new UserError("--cluster without a URL starts nats-server, which is " + why, 1);
            });
        }
        InetSocketAddress placeholder = new InetSocketAddress(LoopbackTarget.address("127.0.0.1"), 1);
        BenchConfig config = usage(() -> config(chosenScenario, chosenWire, placeholder));
        if (config.generator() != LoadGenerator.JAVA) {
            throw usageError("--generator c loads one server; --cluster spreads the bench's own clients over several");
        }
        Spawn chatlab = spawns(List.of(SpawnedServer.Kind.CHATLAB)).get(0);
        SpawnedServer.ChatlabJvm jvm = new SpawnedServer.ChatlabJvm(javaOptions(), Main.class.getName(),
                chatlab.serverArgs());
        List<List<BenchResult>> rounds = runChecked(() -> new ClusterComparison(servers, url, brokerPid)
                .run(config, clients, jvm, repeat, progress));
        return report(rounds, out);
    }

    /** One server the bench starts: its kind, its name in the report, and (chatlab) its history option. */
    record Spawn(SpawnedServer.Kind kind, String label, List<String> serverArgs) {}

    /**
     * The servers to start in each round: each kind once, chatlab with --history (named with it when other servers
     * run beside it); with --compare-history, chatlab twice, with its log and without.
     */
    List<Spawn> spawns(List<SpawnedServer.Kind> kinds) {
        String chosen = history.trim().toLowerCase(Locale.ROOT);
        if (!chosen.equals("on") && !chosen.equals("off")) {
            throw usageError("--history must be on or off, got '" + history + "'");
        }
        if (compareHistory && (compare != null || kinds.get(0) != SpawnedServer.Kind.CHATLAB)) {
            throw usageError("--compare-history runs chatlab with and without its log; it does not go with --compare "
                    + "or another --server");
        }
        List<Spawn> spawns = new ArrayList<>();
        for (SpawnedServer.Kind kind : kinds) {
            if (kind != SpawnedServer.Kind.CHATLAB) {
                spawns.add(new Spawn(kind, kind.text(), List.of()));
            } else if (compareHistory) {
                spawns.add(new Spawn(kind, kind.text() + " history on", List.of("--history", "on", "--history-sync",
                        historySync, "--history-search", historySearch, "--history-commit-wait",
                        DurationConverter.format(historyCommitWait))));
                spawns.add(new Spawn(kind, kind.text() + " history off", List.of("--history", "off")));
            } else {
                // Beside other servers (none of which keeps what it relays), the report says whether chatlab did.
                String label = kinds.size() > 1 ? kind.text() + " history " + chosen : kind.text();
                spawns.add(new Spawn(kind, label, List.of("--history", chosen, "--history-sync", historySync,
                        "--history-search", historySearch, "--history-commit-wait",
                        DurationConverter.format(historyCommitWait))));
            }
        }
        return spawns;
    }

    /** Most rounds one command runs: a typo of 1000 should not keep the machine busy for a day. */
    static final int MAX_REPEAT = 100;

    /** Prints the runs and returns the exit status: 0 when every run succeeded. */
    private int report(List<List<BenchResult>> rounds, PrintWriter out) {
        if (json) {
            out.println(rounds.size() > 1 ? JsonReport.repeated(rounds)
                    : rounds.get(0).size() == 1 ? JsonReport.of(rounds.get(0).get(0)) : JsonReport.compare(rounds.get(0)));
        } else {
            StringWriter text = new StringWriter();
            PrintWriter report = new PrintWriter(text);
            if (rounds.size() > 1) {
                RepeatReport.print(rounds, report);
            } else if (rounds.get(0).size() == 1) {
                BenchTextReport.print(rounds.get(0).get(0), report);
            } else {
                CompareReport.print(rounds.get(0), report);
            }
            report.flush();
            out.print(text);
            legend(text.toString(), out);
        }
        out.flush();
        return rounds.stream().flatMap(List::stream).allMatch(BenchResult::success) ? 0 : 1;
    }

    /** The legend's lines end by this column, as the help's do. */
    static final int LEGEND_WIDTH = 80;

    /** The terms the report used, defined: its words ("merged", "shared a read") are the bench's own. */
    static void legend(String report, PrintWriter out) {
        List<String> used = BenchTerms.usedIn(report);
        if (!used.isEmpty()) {
            out.println("  terms:");
            for (String line : used) {
                for (int[] piece : WrappingHelp.breaks(line, LEGEND_WIDTH - 4, LEGEND_WIDTH - 6)) {
                    out.println((piece[0] == 0 ? "    " : "      ") + line.substring(piece[0], piece[1]));
                }
            }
        }
    }

    BenchConfig config(BenchScenario chosenScenario, Wire chosenWire, InetSocketAddress address) {
        return usage(() -> BenchConfig.builder(chosenScenario, chosenWire, address).clients(clients).senders(senders)
                .window(window).ratePerSender(rate).duration(duration).warmup(warmup).payloadBytes(payload)
                .perAddress(perAddress).ioThreads(ioThreads).connectTimeout(connectTimeout).drain(drain)
                .timeLimit(timeLimit).churners(churners).churnRate(churnRate)
                .generator(LoadGenerator.parse(generator)).slowReaders(slowReaders)
                .slowMode(chatlab.bench.SlowMode.parse(slowMode)).inFlight(inFlight)
                .ackPolicy(AckPolicy.parse(ackPolicy)).build());
    }

    private List<String> javaOptions() {
        return serverJavaOpts == null || serverJavaOpts.isBlank() ? chatlab.server.ChatServer.RECOMMENDED_JVM_OPTIONS
                : Arrays.asList(serverJavaOpts.trim().split("\\s+"));
    }

    private <T> T usage(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
    }

    private ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** A run that cannot start or cannot read the server is a failed run: one line, status 1. */
    private static <T> T runChecked(Supplier<T> run) {
        try {
            return run.get();
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new UserError(e.getMessage(), 1);
        }
    }
}
