package chatlab.testbed;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * After a cluster run: the transcripts, the captures analysed, and {@code summary.txt}: the setup, the timeline, the
 * kill (how long until the dead server's users left the others' lists, who moved), the partition (observed, healed),
 * and per client the messages delivered, lost and doubled, with the losses that are expected and why.
 */
final class ClusterReport {
    /** What the scenario found out, for the summary. */
    static final class Facts {
        List<String> dnsAnswer = List.of();
        final List<ClusterTally.Message> messages = new CopyOnWriteArrayList<>();
        final Map<String, ClusterTally.Excuse> excuses = new LinkedHashMap<>();
        final Map<LabHost, String> serverEndings = new LinkedHashMap<>();
        final List<String> moves = new ArrayList<>();
        String brokerEnding = "";
        LabHost killed;
        long killedPid;
        long killedAt = -1;
        /** "bob from carol's list" -> nanoseconds after the kill. */
        final Map<String, Long> leftAfter = new LinkedHashMap<>();
        LabHost cut;
        long cutAt = -1;
        long healedAt = -1;
        long dropped;
        List<String> cutBehind = List.of();
        List<String> cutObservers = List.of();
        /** Clients their server let go without being asked, with the server's line. */
        final Map<String, ClusterClient.Logged> letGo = new LinkedHashMap<>();
        final Map<String, Long> cutLeftAfter = new LinkedHashMap<>();
        final Map<String, Long> rejoinedAfter = new LinkedHashMap<>();
    }

    private final ClusterOptions options;
    private final RunLog log;
    private final Facts facts;
    private final List<ClusterClient> clients;
    private final Map<LabHost, HostProcess> servers;
    private final HostProcess broker;
    private final Map<LabHost, HostProcess> captures;

    ClusterReport(ClusterOptions options, RunLog log, Facts facts, List<ClusterClient> clients,
            Map<LabHost, HostProcess> servers, HostProcess broker, Map<LabHost, HostProcess> captures) {
        this.options = options;
        this.log = log;
        this.facts = facts;
        this.clients = clients;
        this.servers = servers;
        this.broker = broker;
        this.captures = captures;
    }

    String write(boolean interrupted) {
        writeTranscripts();
        List<String> captureNames = captures.keySet().stream().map(LabRun::captureName).toList();
        CaptureAnalysis.Summary analysis = CaptureAnalysis.analyze(options.out(), captureNames);
        analysis.problems().forEach(log::problem);
        StringBuilder s = new StringBuilder();
        s.append("chatlab testbed run --scenario cluster, ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append(", ")
                .append(RunLog.seconds(log.now())).append(" s\n");
        s.append("  broker    nats-server with JetStream on broker (").append(ClusterNetwork.BROKER.ipv4()).append("), port ")
                .append(ClusterNetwork.BROKER_PORT).append('\n');
        for (LabHost host : ClusterNetwork.SERVERS) {
            s.append(String.format("  server    chatlab on %-10s (%s), port %d, --cluster %s%n", host, host.ipv4(),
                    LabNetwork.CHAT_PORT, ClusterNetwork.brokerUrl()));
        }
        s.append("  DNS       ").append(LabNetwork.CHAT_SERVER_NAME).append(" -> ")
                .append(String.join(", ", facts.dnsAnswer)).append(" (IPv4, as client1 resolves it; AAAA likewise)\n");
        for (ClusterClient c : clients) {
            s.append(String.format("  client    %-8s %-6s %-8s %-3s wire, through %s%n", c.host, c.name,
                    c.program.word(), c.wire(), c.via == null ? "-" : c.via));
        }
        s.append("\nTimeline (seconds from the start):\n");
        log.timeline().forEach(l -> s.append(l).append('\n'));
        killSection(s);
        partitionSection(s);
        letGoSection(s);
        deliveriesSection(s, interrupted);
        s.append("\nProcesses:\n");
        RunReport.captureLines(captures).forEach(l -> s.append("  ").append(l).append('\n'));
        if (broker != null) {
            s.append("  nats-server on broker (pid ").append(broker.pid()).append("): ")
                    .append(facts.brokerEnding.isEmpty() ? CrashWatch.status(broker) : facts.brokerEnding).append('\n');
        }
        servers.forEach((host, p) -> {
            String ending = facts.serverEndings.getOrDefault(host, CrashWatch.status(p));
            s.append("  server (chatlab, pid ").append(p.pid()).append(") on ").append(host).append(": ").append(ending)
                    .append('\n');
            boolean clean = ending.contains("exit status 0") || host.equals(facts.killed);
            if (!clean && !interrupted) {
                log.problem("CRASH: the server on " + host + " " + ending + ": " + CrashWatch.lastLine(p));
            }
        });
        for (ClusterClient c : clients) {
            if (c.process != null) {
                s.append("  ").append(c.host).append(' ').append(c.name).append(" (").append(c.program.word())
                        .append(", pid ").append(c.process.pid()).append("): ").append(c.ending).append('\n');
            }
        }
        s.append("\nCaptures analysed (analysis/):\n");
        analysis.lines().forEach(l -> s.append(l).append('\n'));
        if (!log.notes().isEmpty()) {
            s.append("\nNotes:\n");
            log.notes().forEach(n -> s.append("  ").append(n).append('\n'));
        }
        s.append("\nProblems: ").append(log.problems().isEmpty() ? "none" : "").append('\n');
        log.problems().forEach(p -> s.append("  ").append(p).append('\n'));
        s.append("\nResult: ").append(interrupted ? "INTERRUPTED" : log.problems().isEmpty() ? "OK" : "PROBLEMS")
                .append('\n');
        String text = s.toString();
        Transcripts.write(options.out().resolve("summary.txt"), text, log);
        return text;
    }

    private void killSection(StringBuilder s) {
        if (facts.killed == null) {
            return;
        }
        s.append("\nKill: the server on ").append(facts.killed).append(" (pid ").append(facts.killedPid)
                .append(") got SIGKILL at +").append(RunLog.seconds(facts.killedAt)).append(" s\n");
        // Measured at the clients: the documented time is the servers', plus the update's way to the client's screen.
        long limit = ClusterNetwork.PRESENCE_TIMEOUT.plus(ClusterNetwork.CLIENT_LAG).toNanos();
        long worst = facts.leftAfter.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        facts.leftAfter.forEach((who, after) -> s.append("  left: ").append(who).append(" after ")
                .append(RunLog.seconds(after)).append(" s\n"));
        boolean allGone = !facts.leftAfter.isEmpty() && facts.leftAfter.size() == expectedLeaves();
        s.append("  the dead server's users left the others' lists within ")
                .append(worst < 0 ? "-" : RunLog.seconds(worst)).append(" s (documented: ")
                .append(ClusterNetwork.PRESENCE_TIMEOUT.toSeconds()).append(" s, measured at the clients): ")
                .append(allGone && worst <= limit ? "yes" : "NO").append('\n');
        if (!allGone || worst > limit) {
            log.problem("the killed server's users did not all leave the other clients' lists within "
                    + ClusterNetwork.PRESENCE_TIMEOUT.toSeconds() + " s (+" + ClusterNetwork.CLIENT_LAG.toSeconds()
                    + " s for the clients) of the kill (seen: " + facts.leftAfter.keySet() + ")");
        }
        facts.moves.forEach(m -> s.append("  moved: ").append(m).append('\n'));
        clients.stream().filter(c -> !c.v2() && facts.excuses.containsKey(c.name)).forEach(c -> s.append("  ")
                .append(c.name).append(" (lab client) cannot move: its server is gone and the lab's client does not "
                        + "reconnect\n"));
    }

    /** Every v2 client not on the killed server sees every user of it leave. */
    private int expectedLeaves() {
        long stranded = facts.excuses.size();
        long observers = clients.stream().filter(c -> c.v2() && !facts.excuses.containsKey(c.name)).count();
        return (int) (stranded * observers);
    }

    private void partitionSection(StringBuilder s) {
        if (facts.cut == null) {
            return;
        }
        s.append("\nPartition: ").append(facts.cut).append(" cut off from the broker (nftables on broker, drop both "
                + "ways) at +").append(RunLog.seconds(facts.cutAt)).append(" s");
        if (facts.healedAt >= 0) {
            s.append(", healed at +").append(RunLog.seconds(facts.healedAt)).append(" s after ")
                    .append(RunLog.seconds(facts.healedAt - facts.cutAt)).append(" s; ").append(facts.dropped)
                    .append(" packets dropped");
        }
        s.append('\n');
        facts.cutLeftAfter.forEach((who, after) -> s.append("  left: ").append(who).append(" after ")
                .append(RunLog.seconds(after)).append(" s\n"));
        facts.rejoinedAfter.forEach((who, after) -> s.append("  back: ").append(who).append(" ")
                .append(RunLog.seconds(after)).append(" s after the heal\n"));
        boolean observed = !facts.cutObservers.isEmpty() && !facts.cutBehind.isEmpty();
        boolean healed = facts.healedAt >= 0 && !facts.rejoinedAfter.isEmpty();
        for (String o : facts.cutObservers) {
            for (String b : facts.cutBehind) {
                observed &= facts.cutLeftAfter.containsKey(b + " from " + o + "'s list");
                // A user its server let go after the heal cannot come back (a problem of its own, below).
                healed &= facts.rejoinedAfter.containsKey(b + " in " + o + "'s list") || facts.letGo.containsKey(b);
            }
        }
        s.append("  partition observed: ").append(observed ? "yes" : "NO").append("; healed: ")
                .append(healed ? "yes" : "NO").append('\n');
        if (!observed || !healed) {
            log.problem("the partition was not " + (observed ? "healed" : "observed") + ": the other clients' lists "
                    + "did not " + (observed ? "get the cut-off server's users back" : "lose the cut-off server's users"));
        }
    }

    /** A client its server disconnected without being asked (the killed server logs nothing) is a problem. */
    private void letGoSection(StringBuilder s) {
        if (facts.letGo.isEmpty()) {
            return;
        }
        s.append("\nDisconnected by their server (not asked to leave):\n");
        facts.letGo.forEach((name, logged) -> {
            String line = logged.line().text().replaceFirst("^.*? server - ", "");
            s.append("  ").append(name).append(": ").append(logged.server()).append(" at +")
                    .append(RunLog.seconds(logged.line().atNanos())).append(" s: ").append(line).append('\n');
            log.problem(logged.server() + " disconnected " + name + " at +" + RunLog.seconds(logged.line().atNanos())
                    + " s without being asked: " + line);
            facts.excuses.putIfAbsent(name, new ClusterTally.Excuse(logged.line().atNanos(), false,
                    "its server disconnected it (see Problems)"));
        });
    }

    private void deliveriesSection(StringBuilder s, boolean interrupted) {
        s.append("\nDeliveries: every room message at every other client (").append(facts.messages.size())
                .append(" messages typed)\n");
        s.append(String.format("  %-6s %-8s %-4s %-11s %9s %10s %5s %8s %13s%n", "client", "host", "wire", "server",
                "expected", "delivered", "lost", "doubled", "acknowledged"));
        List<String> expectedLosses = new ArrayList<>();
        int unexpectedLost = 0;
        int unexpectedDoubled = 0;
        for (ClusterClient c : clients) {
            ClusterTally.Count n = ClusterTally.count(c.name, c.output(), facts.messages,
                    Optional.ofNullable(facts.excuses.get(c.name)));
            String server = c.server.map(LabHost::name).orElse("none");
            s.append(String.format("  %-6s %-8s %-4s %-11s %9d %10d %5d %8d %13s%n", c.name, c.host, c.wire(), server,
                    n.expected(), n.delivered(), n.lost(), n.doubled(), c.v2() ? n.acknowledged() + "/" + n.said() : "-"));
            unexpectedLost += n.unexpectedLost().size();
            unexpectedDoubled += n.unexpectedDoubled().size();
            n.unexpectedLost().forEach(m -> log.problem("LOST: " + c.name + " never got \"" + m + "\""));
            n.unexpectedDoubled().forEach(m -> log.problem("DOUBLED: " + c.name + " got \"" + m + "\" more than once"));
            if (c.v2() && n.acknowledged() < n.said()) {
                log.problem("UNACKNOWLEDGED: " + (n.said() - n.acknowledged()) + " of " + c.name + "'s messages");
            }
            ClusterTally.Excuse e = facts.excuses.get(c.name);
            int excused = n.lost() - n.unexpectedLost().size();
            int excusedDoubles = n.doubled() - n.unexpectedDoubled().size();
            if (e != null && (excused > 0 || excusedDoubles > 0)) {
                expectedLosses.add(c.name + ": " + excused + " lost, " + excusedDoubles + " doubled: " + e.reason());
            }
        }
        s.append("  unexpected: ").append(unexpectedLost).append(" lost, ").append(unexpectedDoubled)
                .append(" doubled (a loss or double not explained below is a fault)\n");
        expectedLosses.forEach(l -> s.append("  expected: ").append(l).append('\n'));
    }

    private void writeTranscripts() {
        for (ClusterClient c : clients) {
            if (c.process == null) {
                continue;
            }
            String head = "# " + c.host + " (" + c.host.ipv4() + "), " + c.name + ", " + c.program.word() + " client ("
                    + c.wire() + " wire) through " + c.via + ". Seconds from the start of the run; \"> \" is what was "
                    + "typed, \"! \" the program's stderr.\n";
            Transcripts.write(options.out().resolve("transcripts").resolve(c.host.name() + ".txt"),
                    head + Transcripts.session(c.typed, c.process) + "# " + c.ending + "\n", log);
        }
        Map<String, HostProcess> others = new LinkedHashMap<>();
        servers.forEach((host, p) -> others.put("server-" + host.name(), p));
        if (broker != null) {
            others.put("nats-server", broker);
        }
        others.forEach((name, p) -> Transcripts.write(options.out().resolve("transcripts").resolve(name + ".txt"),
                "# " + p.label() + ", pid " + p.pid() + ": its output, seconds from the start of the run\n"
                        + Transcripts.session(List.of(), p), log));
    }
}
