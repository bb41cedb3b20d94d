package chatlab.testbed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code chatlab testbed run --scenario cluster}: a NATS broker (with JetStream) on its own host, three chatlab servers
 * joined through it ({@code --cluster}), {@code chat.ttm4200.com} answering with all three, and six clients, a chatlab
 * (v2) and a lab Python client on each server. They talk; the server the name's first address leads to is killed
 * with SIGKILL (its v2 client reconnects through the name, its lab client cannot); then one of the other servers is
 * cut off from the broker (nftables) for longer than the presence timeout, and the cut is healed. The summary
 * ({@link ClusterReport}) counts every message at every client: delivered, lost and doubled.
 */
public final class ClusterRun implements TestbedRun {
    /** How long a message gets to reach every client that should see it (a consumer catching up after a heal). */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);
    /** How long the cut-off server's users get to come back into the others' lists after the heal. */
    static final Duration REJOIN_TIMEOUT = Duration.ofSeconds(60);
    /** The v2 client on the killed server: its reconnects (first one after 0.5 s) outlast the name's claim (15 s). */
    static final Duration MOVE_TIMEOUT = Duration.ofSeconds(60);

    private final Testbed testbed;
    private final ClusterOptions options;
    private final RunLog log;
    private final Waits waits;
    private final RunProcesses processes;
    private final Object cleanupLock = new Object();
    private final ClusterReport.Facts facts = new ClusterReport.Facts();
    private final Map<LabHost, HostProcess> captures = new LinkedHashMap<>();
    private final Map<LabHost, HostProcess> servers = new LinkedHashMap<>();
    private final List<ClusterClient> clients = List.of(
            new ClusterClient(LabNetwork.CLIENT1, "alice", Program.CHATLAB),
            new ClusterClient(LabNetwork.CLIENT2, "bob", Program.PYTHON),
            new ClusterClient(LabNetwork.CLIENT3, "carol", Program.CHATLAB),
            new ClusterClient(ClusterNetwork.CLIENT4, "dave", Program.PYTHON),
            new ClusterClient(ClusterNetwork.CLIENT5, "erin", Program.CHATLAB),
            new ClusterClient(ClusterNetwork.CLIENT6, "frank", Program.PYTHON));
    private volatile boolean cleanedUp;
    private HostProcess broker;
    private boolean ownsTestbed;
    private boolean addedHosts;
    private long dnsLogStart;
    private int said;

    public ClusterRun(Testbed testbed, ClusterOptions options, TestbedEvents events) {
        this.log = new RunLog(events);
        RunClasses.load();
        this.testbed = testbed;
        this.options = options;
        this.waits = new Waits(log, options.timeLimit());
        this.processes = new RunProcesses(testbed, log.origin());
    }

    /** Runs the scenario; as {@link LabRun#run}, problems during the run are in the result. */
    @Override
    public RunResult run() throws TestbedException {
        ownsTestbed = RunSetup.prepare(testbed, log, List.of(Tools.IP, Tools.SETSID, Tools.DNSMASQ, Tools.TCPDUMP,
                Tools.NFT, Tools.NATS_SERVER), true, true, options.out());
        boolean interrupted = RunSetup.guarded(log, () -> {
            try {
                RunClaim.claim(testbed);
            } catch (TestbedException e) {
                ownsTestbed = false;
                throw e;
            }
            Path rawDir = RunSetup.rawDir(testbed, processes, true);
            dnsLogStart = LabRun.size(testbed.config().runDir().resolve("dnsmasq.log"));
            addHosts();
            captures.putAll(LabRun.startCaptures(processes, waits, options.out(), List.of(LabNetwork.WEBSERVER,
                    ClusterNetwork.WEBSERVER2, ClusterNetwork.WEBSERVER3, ClusterNetwork.BROKER, LabNetwork.CLIENT1,
                    LabNetwork.CLIENT2)));
            log.progress("capturing on the three servers, the broker, client1 and client2 (tcpdump)");
            startBroker(rawDir);
            for (LabHost host : ClusterNetwork.SERVERS) {
                startServer(host, rawDir);
            }
            new ClusterScenario(testbed, log, waits, processes, servers, clients, facts, this::say).play();
        }, this::cleanUp);
        String summary = new ClusterReport(options, log, facts, clients, servers, broker, captures).write(interrupted);
        return RunSetup.result(options.out(), summary, log, interrupted, processes);
    }

    /**
     * Stops every process of the run by PID (clients first, then servers, broker and tcpdump), heals a partition
     * still in place, points the name back at webserver alone, removes the hosts the run added, and takes the
     * testbed down if this run brought it up. Safe from a shutdown hook and any number of times.
     */
    @Override
    public void cleanUp() {
        synchronized (cleanupLock) {
            if (cleanedUp) {
                return;
            }
            for (ClusterClient c : clients) {
                if (c.process != null && !c.process.alive()) {
                    c.ending = "exited by itself before the end, " + CrashWatch.status(c.process) + ": "
                            + CrashWatch.lastLine(c.process);
                } else if (c.process != null) {
                    c.process.closeInput();
                    if (!c.process.awaitExit(Duration.ofSeconds(5))) {
                        c.process.stop(Pids.STOP_GRACE);
                        c.ending = "did not exit within 5 s of the end of its input; stopped";
                    } else {
                        c.ending = "left at the end of its input, exit status " + c.process.exitCode().orElse(-1);
                    }
                }
            }
            for (Map.Entry<LabHost, HostProcess> e : servers.entrySet()) {
                if (e.getValue().alive()) {
                    boolean byItself = e.getValue().stop(Pids.STOP_GRACE);
                    facts.serverEndings.put(e.getKey(), (byItself ? "stopped with SIGTERM" : "did not stop with SIGTERM, "
                            + "killed") + ", exit status " + e.getValue().exitCode().orElse(-1));
                }
            }
            if (broker != null && broker.alive()) {
                boolean byItself = broker.stop(Pids.STOP_GRACE);
                // nats-server ends with status 1 after a clean shutdown on SIGTERM ("Server Exiting..").
                facts.brokerEnding = (byItself ? "stopped with SIGTERM" : "did not stop with SIGTERM, killed")
                        + ", exit status " + broker.exitCode().orElse(-1);
            }
            if (Partition.remove(testbed)) {
                log.warning("the partition was still in place at the end; healed");
            }
            processes.stopAll();
            if (!ownsTestbed && addedHosts) {
                // A testbed that stays up goes back to the lab's: its hosts, and the name on webserver alone.
                ClusterNetwork.HOSTS.forEach(testbed::removeHost);
                try {
                    testbed.chatServers(List.of(LabNetwork.WEBSERVER));
                } catch (TestbedException e) {
                    log.warning("cannot point " + LabNetwork.CHAT_SERVER_NAME + " back at webserver: " + e.getMessage());
                }
            }
            RunSetup.finish(testbed, processes, log, options.out(), dnsLogStart, ownsTestbed);
            cleanedUp = true;
        }
    }

    // ---- starting

    private void addHosts() throws TestbedException, InterruptedException {
        boolean ethtool = Tools.find(Tools.ETHTOOL.command()).isPresent();
        addedHosts = true;
        for (LabHost host : ClusterNetwork.HOSTS) {
            if (testbed.namespaces().contains(testbed.config().namespace(host))) {
                // Left by a run killed with SIGKILL.
                testbed.removeHost(host);
            }
            testbed.addHost(host, ethtool);
        }
        testbed.chatServers(ClusterNetwork.SERVERS);
        List<String> answers = new ArrayList<>();
        boolean resolved = waits.await(LabNetwork.CHAT_SERVER_NAME + " to answer with the three servers",
                Waits.START_TIMEOUT, () -> {
                    answers.clear();
                    answers.addAll(resolve(LabNetwork.CLIENT1));
                    return answers.containsAll(ClusterNetwork.SERVERS.stream().map(LabHost::ipv4).toList());
                });
        if (!resolved) {
            throw new TestbedException(LabNetwork.CHAT_SERVER_NAME + " does not answer with the three servers' "
                    + "addresses on client1 (it gave " + answers + ")");
        }
        facts.dnsAnswer = List.copyOf(answers);
        log.progress("added the broker, webserver2, webserver3 and client4 to client6; " + LabNetwork.CHAT_SERVER_NAME
                + " answers " + String.join(", ", answers));
    }

    /** The IPv4 addresses a host's resolver gives for the chat server's name, in its order. */
    private List<String> resolve(LabHost host) {
        try {
            Exec.Result r = Exec.run(testbed.onHost(host, List.of("getent", "ahostsv4", LabNetwork.CHAT_SERVER_NAME)));
            return r.output().lines().filter(l -> l.contains("STREAM")).map(l -> l.split("\\s+")[0]).distinct().toList();
        } catch (TestbedException e) {
            return List.of();
        }
    }

    private void startBroker(Path rawDir) throws TestbedException, InterruptedException {
        Path store = rawDir.resolve("nats");
        // As testkit's NatsBroker starts it: JetStream on, its store in the run's folder.
        List<String> command = List.of(Tools.require(Tools.NATS_SERVER).toString(), "-a", "0.0.0.0", "-p",
                Integer.toString(ClusterNetwork.BROKER_PORT), "-js", "-sd", store.toString());
        broker = processes.start("nats-server on broker", ClusterNetwork.BROKER, command, Map.of(), "nats-server");
        HostProcess b = broker;
        awaitListening(b, ClusterNetwork.BROKER_PORT, "nats-server on broker");
        log.progress("nats-server (JetStream) listening on broker port " + ClusterNetwork.BROKER_PORT + ", pid " + b.pid());
    }

    private void startServer(LabHost host, Path rawDir) throws TestbedException, InterruptedException {
        List<String> command = processes.chatlab("server", "--cluster", ClusterNetwork.brokerUrl(), "--data-dir",
                rawDir.resolve("data-" + host.name()).toString());
        HostProcess s = processes.start("server (chatlab) on " + host, host, command, Map.of(), "server-" + host.name());
        servers.put(host, s);
        awaitListening(s, LabNetwork.CHAT_PORT, "the server on " + host);
        waits.await("the server on " + host + " to join the cluster", Waits.START_TIMEOUT,
                () -> s.count(l -> l.contains("joined the cluster")) > 0 || !s.alive());
        log.progress("server (chatlab --cluster " + ClusterNetwork.brokerUrl() + ") listening on " + host + " port "
                + LabNetwork.CHAT_PORT + ", pid " + s.pid());
    }

    private void awaitListening(HostProcess p, int port, String what) throws TestbedException, InterruptedException {
        waits.await(what + " to listen on port " + port, Waits.START_TIMEOUT, () -> !p.alive()
                || SocketTable.read(p.pid()).stream().anyMatch(k -> k.tcp() && k.state() == SocketTable.LISTEN
                        && k.localPort() == port));
        if (!p.alive()) {
            throw new TestbedException("CRASH: " + what + " exited with " + CrashWatch.status(p)
                    + " before it listened: " + CrashWatch.lastLine(p));
        }
    }

    /** Types the next room message at a client: {@code msg-NAME-N.}, unique in the run. */
    private ClusterTally.Message say(ClusterClient client) {
        said++;
        String text = "msg-" + client.name + "-" + said + ".";
        ClusterTally.Message m = new ClusterTally.Message(client.name, text, log.now());
        log.event(client.host, client.name + " says: " + text);
        client.typed.add(new HostProcess.Line(m.atNanos(), false, text));
        if (client.process == null || !client.process.alive() || !client.process.typeLine(text)) {
            log.problem(client.host + ": could not type " + text + ": the client is not running");
        }
        facts.messages.add(m);
        return m;
    }
}
