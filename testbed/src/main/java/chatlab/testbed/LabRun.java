package chatlab.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the lab (Milestones 3 and 4): tcpdump on the hosts, the chat server on webserver, a client on each
 * client host playing the scenario ({@link ScenarioPlayer}), then everything stopped in order and the captures
 * analysed ({@link RunReport}). Every process is started by the run, tracked by its PID and ended by it
 * ({@link RunProcesses}); every wait has a deadline, and the whole run has a time limit ({@link Waits}).
 */
public final class LabRun implements TestbedRun {
    /** The server's capture, named as the lab names it. */
    static final String SERVER_CAPTURE = "chatserver";

    private final Testbed testbed;
    private final RunOptions options;
    private final RunLog log;
    private final Waits waits;
    private final RunProcesses processes;
    private final ClientSessions clients = new ClientSessions();
    private final CrashWatch crashes;
    private final Map<LabHost, HostProcess> captures = new LinkedHashMap<>();
    private final Object cleanupLock = new Object();
    private volatile boolean cleanedUp;
    private HostProcess server;
    private boolean ownsTestbed;
    private long dnsLogStart;
    private long[] dropped = {0, 0};

    public LabRun(Testbed testbed, RunOptions options, TestbedEvents events) {
        this.log = new RunLog(events);
        RunClasses.load();
        this.testbed = testbed;
        this.options = options;
        this.waits = new Waits(log, options.timeLimit());
        this.processes = new RunProcesses(testbed, log.origin());
        this.crashes = new CrashWatch(log);
    }

    /**
     * Runs the lab. Brings the testbed up when it is down (and takes it down again at the end); uses it, and leaves
     * it up, when it was already up. Problems during the run (a crash, a missing message) are in the result; only
     * problems that stop a run from starting are thrown.
     */
    @Override
    public RunResult run() throws TestbedException {
        List<Tools.Tool> needed = new ArrayList<>(List.of(Tools.IP, Tools.SETSID, Tools.DNSMASQ, Tools.TCPDUMP));
        if (options.lossPercent() > 0) {
            needed.add(Tools.NFT);
        }
        ownsTestbed = RunSetup.prepare(testbed, log, needed, options.uses(Program.CHATLAB),
                options.uses(Program.PYTHON), options.out());
        boolean interrupted = RunSetup.guarded(log, () -> {
            try {
                RunClaim.claim(testbed);
            } catch (TestbedException e) {
                ownsTestbed = false;
                throw e;
            }
            RunSetup.rawDir(testbed, processes, options.uses(Program.CHATLAB));
            dnsLogStart = size(testbed.config().runDir().resolve("dnsmasq.log"));
            if (options.lossPercent() > 0) {
                Loss.apply(testbed, options.lossPercent());
                log.progress("dropping " + options.lossPercent() + "% of TCP packets on the webserver's link");
            }
            startCaptures();
            startServer();
            ScenarioPlayer player = new ScenarioPlayer(options, log, waits, processes, clients, crashes, server,
                    captures.values());
            player.play();
            player.finish();
        }, this::cleanUp);
        String summary = new RunReport(options, log, clients).write(interrupted, captures, server, dropped);
        return RunSetup.result(options.out(), summary, log, interrupted, processes);
    }

    /**
     * Stops every process of the run by PID, removes the loss rules, and takes the testbed down if this run brought
     * it up. Safe to call from a shutdown hook while {@link #run} is still going, and any number of times.
     */
    @Override
    public void cleanUp() {
        synchronized (cleanupLock) {
            if (cleanedUp) {
                return;
            }
            processes.stopAll();
            if (options.lossPercent() > 0) {
                dropped = Loss.dropped(testbed);
                Loss.remove(testbed);
            }
            RunSetup.finish(testbed, processes, log, options.out(), dnsLogStart, ownsTestbed);
            cleanedUp = true;
        }
    }

    // ---- starting

    private void startCaptures() throws TestbedException, InterruptedException {
        // client3 is captured too (the lab asks for the other three): its capture anchors the view of its sockets.
        captures.putAll(startCaptures(processes, waits, options.out(), List.of(LabNetwork.WEBSERVER, LabNetwork.CLIENT1,
                LabNetwork.CLIENT2, LabNetwork.CLIENT3)));
        log.progress("capturing on webserver, client1, client2 and client3 (tcpdump)");
    }

    /** Starts tcpdump on each host, writing {@code out/NAME.pcap} ({@link #captureName}), and waits until each captures. */
    static Map<LabHost, HostProcess> startCaptures(RunProcesses processes, Waits waits, Path out, List<LabHost> hosts)
            throws TestbedException, InterruptedException {
        Path tcpdump = Tools.require(Tools.TCPDUMP);
        Map<LabHost, HostProcess> captures = new LinkedHashMap<>();
        for (LabHost host : hosts) {
            String file = captureName(host) + ".pcap";
            Path target = out.toAbsolutePath().resolve(file);
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                throw new TestbedException("cannot replace " + target + ": " + e.getMessage(), e);
            }
            // --immediate-mode and -U: every packet is in the file at once, even if tcpdump is killed.
            // -Z root: write the file as root, where root asked for it.
            HostProcess p = processes.start("tcpdump on " + host, host, List.of(tcpdump.toString(), "-i",
                    LabNetwork.HOST_INTERFACE, "-n", "-U", "--immediate-mode", "-Z", "root", "-w", target.toString()),
                    Map.of(), "tcpdump-" + host.name());
            captures.put(host, p);
        }
        for (Map.Entry<LabHost, HostProcess> e : captures.entrySet()) {
            HostProcess p = e.getValue();
            waits.await("tcpdump to start on " + e.getKey(), Waits.START_TIMEOUT,
                    () -> p.count(l -> l.startsWith("tcpdump: listening on")) > 0 || !p.alive());
            if (!p.alive()) {
                throw new TestbedException("tcpdump did not start on " + e.getKey() + ": " + CrashWatch.lastLine(p));
            }
        }
        return captures;
    }

    /** The capture of a host is NAME.pcap, the webserver's {@link #SERVER_CAPTURE}.pcap as the lab names it. */
    static String captureName(LabHost host) {
        return host.equals(LabNetwork.WEBSERVER) ? SERVER_CAPTURE : host.name();
    }

    private void startServer() throws TestbedException, InterruptedException {
        LabHost host = LabNetwork.WEBSERVER;
        List<String> command;
        Map<String, String> env = new LinkedHashMap<>();
        if (options.server() == Program.CHATLAB) {
            command = processes.chatlab("server");
        } else {
            command = processes.python("chatserver.py");
            // chatserver.py binds gethostbyname(gethostname()): in Docker that is the container's address.
            env.put("CHAT_SERVER_IP", host.ipv4());
        }
        server = processes.start("server (" + options.server().word() + ")", host, command, env, "server");
        HostProcess s = server;
        waits.await("the server to listen on port " + LabNetwork.CHAT_PORT, Waits.START_TIMEOUT, () -> !s.alive()
                || SocketTable.read(s.pid()).stream().anyMatch(k -> k.tcp() && k.state() == SocketTable.LISTEN
                        && k.localPort() == LabNetwork.CHAT_PORT));
        if (!s.alive()) {
            crashes.markReported(s);
            throw new TestbedException("CRASH: the server (" + options.server().word() + ") exited with "
                    + CrashWatch.status(s) + " before it listened: " + CrashWatch.lastLine(s));
        }
        log.progress("server (" + options.server().word() + ") listening on " + host + " port " + LabNetwork.CHAT_PORT
                + ", pid " + s.pid());
    }

    // ---- after the run

    /** Copies what the DNS server logged since {@code from} (a size of its log) to the run's folder. */
    static void copyDnsLog(Testbed testbed, Path out, long from, RunLog log) {
        Path dnsLog = testbed.config().runDir().resolve("dnsmasq.log");
        try {
            if (Files.exists(dnsLog)) {
                byte[] all = Files.readAllBytes(dnsLog);
                int start = (int) Math.min(all.length, from);
                Files.write(out.resolve("dnsmasq.log"), Arrays.copyOfRange(all, start, all.length));
            }
        } catch (IOException e) {
            log.problem("cannot copy the DNS server's log: " + e.getMessage());
        }
    }

    static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
