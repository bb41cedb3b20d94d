package chatlab.check.sandbox;

import chatlab.check.CheckEvents;
import chatlab.check.CheckException;
import chatlab.check.CheckOutcome;
import chatlab.check.CheckRequest;
import chatlab.check.Target;
import chatlab.check.proc.ProgramProcess;
import chatlab.check.report.OutcomeJson;
import chatlab.testbed.Exec;
import chatlab.testbed.LabHost;
import chatlab.testbed.LabNetwork;
import chatlab.testbed.Testbed;
import chatlab.testbed.TestbedConfig;
import chatlab.testbed.TestbedEvents;
import chatlab.testbed.TestbedException;
import chatlab.testbed.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lab's network for one check, built with the testbed (namespaces dnsserver, webserver, client1 to client3 and
 * a switch; dnsmasq answering chat.ttm4200.com) under a namespace prefix of the check's own, which holds this
 * process's id so that checks running side by side never meet. Around the testbed: a hosts file per host, the
 * check's peer addresses on the engine's host, and the engine itself, a JVM started inside that host's namespace
 * so its sockets have the lab's addresses. Everything is removed at the end, after Ctrl-C too; a sandbox left by a
 * check that was killed is removed by the next check.
 */
public final class Sandbox {
    /** Time the engine's JVM gets beyond the run's limit to stop its programs and write the outcome. */
    static final Duration ENGINE_EXTRA_TIME = Duration.ofSeconds(30);
    static final Duration POLL = Duration.ofMillis(50);
    /** Marks a testbed run folder as a check's, with its owner's pid and start time. */
    static final String OWNER_FILE = "check-owner";
    private static final AtomicLong SANDBOXES = new AtomicLong();
    static final Tools.Tool UNSHARE = new Tools.Tool("unshare", "util-linux",
            "gives each program its lab host's name (gethostname)");

    private Sandbox() {}

    public static CheckOutcome run(CheckRequest request, CheckEvents events) throws CheckException,
            InterruptedException {
        requirements();
        // The process id, and a count for checks run one after another or side by side in this JVM.
        String prefix = request.prefix() + Long.toString(ProcessHandle.current().pid(), 36)
                + Long.toString(SANDBOXES.getAndIncrement() % (36 * 36), 36) + "-";
        sweepStale(request.prefix(), events);
        TestbedConfig config = TestbedConfig.of(prefix, Optional.empty());
        Testbed testbed = new Testbed(config, testbedEvents(events));
        Holder holder = new Holder(config, testbed);
        Thread hook = new Thread(holder::tearDown, "check-sandbox-down");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            events.progress("building the lab's network in namespaces " + prefix + "*");
            if (testbed.state() != Testbed.State.DOWN) {
                testbed.down();
            }
            testbed.up();
            Files.writeString(config.runDir().resolve(OWNER_FILE), owner(), StandardCharsets.UTF_8);
            HostsFiles.write(config);
            prepareHosts(request.target(), config);
            return runEngine(request, config, holder, events);
        } catch (TestbedException | IOException e) {
            throw new CheckException("cannot build the lab's network: " + e.getMessage(), e);
        } finally {
            holder.tearDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook runs (and finds everything done).
            }
        }
    }

    private static void requirements() throws CheckException {
        try {
            Tools.requireRoot();
        } catch (TestbedException e) {
            throw new CheckException("chatlab check runs the program unmodified in the lab's network (network "
                    + "namespaces with the lab's addresses and DNS), which needs root: run it with sudo. Without "
                    + "root, check a program that takes its addresses from the environment or its arguments on the "
                    + "loopback: --host 127.0.0.1 (see docs/CHECK.md)");
        }
        try {
            Tools.requireAll(List.of(Tools.IP, Tools.SETSID, Tools.DNSMASQ, UNSHARE));
        } catch (TestbedException e) {
            throw new CheckException(e.getMessage().replace("chatlab testbed", "chatlab check"));
        }
    }

    /** Peer addresses on the engine's host; no TIME_WAIT on webserver, so a restarted server can bind port 5000. */
    private static void prepareHosts(Target target, TestbedConfig config) throws TestbedException, CheckException {
        LabHost engine = LabNet.engineHost(target);
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < chatlab.check.net.Placement.PEER_COUNT; i++) {
            batch.append("addr add ").append(LabNet.PEER_NETWORK)
                    .append(chatlab.check.net.Placement.FIRST_PEER_HOST_BYTE + i).append('/')
                    .append(LabNetwork.IPV4_PREFIX_BITS).append(" dev ").append(LabNetwork.HOST_INTERFACE).append('\n');
        }
        Exec.Result added = Exec.run(List.of("ip", "-n", config.namespace(engine), "-batch", "-"), batch.toString(),
                Duration.ofSeconds(20));
        if (!added.ok()) {
            throw new CheckException("cannot give " + engine.name() + " the check's addresses: " + added.describe());
        }
        if (target == Target.SERVER) {
            // A student's server rarely sets SO_REUSEADDR; after a crash, its port would stay taken for a minute.
            Exec.run(List.of("ip", "netns", "exec", config.namespace(LabNetwork.WEBSERVER), "sysctl", "-q", "-w",
                    "net.ipv4.tcp_max_tw_buckets=0"));
        }
    }

    private static CheckOutcome runEngine(CheckRequest request, TestbedConfig config, Holder holder,
            CheckEvents events) throws IOException, CheckException, InterruptedException {
        Path requestFile = config.runDir().resolve("request.json");
        Path outcomeFile = config.runDir().resolve("outcome.json");
        Files.writeString(requestFile, RequestJson.write(request, config.prefix()), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of("setsid", "ip", "netns", "exec",
                config.namespace(LabNet.engineHost(request.target())), javaCommand(), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), SandboxMain.class.getName(),
                requestFile.toString(), outcomeFile.toString()));
        ProgramProcess engine = ProgramProcess.start("engine", command, Map.of(),
                config.runDir().resolve("engine"), System.nanoTime());
        holder.engine = engine;
        long deadline = System.nanoTime() + request.timeouts().run().plus(ENGINE_EXTRA_TIME).toNanos();
        int relayed = 0;
        while (true) {
            boolean exited = !engine.alive();
            List<ProgramProcess.Line> lines = engine.lines();
            for (ProgramProcess.Line line : lines.subList(relayed, lines.size())) {
                if (line.source() == ProgramProcess.Source.ERR) {
                    events.warning(line.text());
                } else {
                    events.progress(line.text());
                }
            }
            relayed = lines.size();
            if (exited) {
                break;
            }
            if (System.nanoTime() > deadline) {
                engine.stop(request.timeouts().stopGrace());
                throw new CheckException("the check did not finish within its time limit of "
                        + request.timeouts().run().toSeconds() + " s (--time-limit)");
            }
            Thread.sleep(POLL.toMillis());
        }
        engine.stop(request.timeouts().stopGrace());
        if (!Files.isRegularFile(outcomeFile)) {
            List<String> last = engine.lastPrinted(3);
            throw new CheckException("the check's engine in the lab's network stopped without a result"
                    + (last.isEmpty() ? "" : ": " + String.join(" | ", last)));
        }
        return OutcomeJson.read(Files.readString(outcomeFile, StandardCharsets.UTF_8));
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static String owner() {
        ProcessHandle self = ProcessHandle.current();
        return self.pid() + " " + self.info().startInstant().orElse(Instant.EPOCH) + "\n";
    }

    /** Removes the sandboxes of checks that died without cleaning up (killed with SIGKILL, a power cut). */
    static void sweepStale(String stem, CheckEvents events) {
        try (DirectoryStream<Path> run = Files.newDirectoryStream(Path.of("/run"), stem + "*-testbed")) {
            for (Path dir : run) {
                String name = dir.getFileName().toString();
                String prefix = name.substring(0, name.length() - "testbed".length());
                if (!prefix.matches(stem + "[0-9a-z]{1,7}-") || !Files.isRegularFile(dir.resolve(OWNER_FILE))
                        || ownerAlive(dir.resolve(OWNER_FILE))) {
                    continue;
                }
                TestbedConfig stale = TestbedConfig.of(prefix, Optional.empty());
                HostsFiles.remove(stale);
                new Testbed(stale, testbedEvents(events)).down();
                events.progress("removed namespaces " + prefix + "* left by a check that was killed");
            }
        } catch (IOException | RuntimeException e) {
            // Nothing to sweep, or /run unreadable: a later check tries again.
        }
    }

    private static boolean ownerAlive(Path file) {
        try {
            String[] parts = Files.readString(file).trim().split(" ");
            long pid = Long.parseLong(parts[0]);
            Instant started = Instant.parse(parts[1]);
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(p -> p.info().startInstant().map(started::equals).orElse(true)).orElse(false);
        } catch (IOException | RuntimeException e) {
            return true; // unreadable: leave it alone
        }
    }

    private static TestbedEvents testbedEvents(CheckEvents events) {
        return new TestbedEvents() {
            @Override
            public void progress(String line) {
                events.progress(line);
            }

            @Override
            public void warning(String line) {
                events.warning(line);
            }
        };
    }

    /** What to tear down, once, from the end of the run or from the shutdown hook, whichever comes first. */
    private static final class Holder {
        private final TestbedConfig config;
        private final Testbed testbed;
        private volatile ProgramProcess engine;
        private boolean done;

        Holder(TestbedConfig config, Testbed testbed) {
            this.config = config;
            this.testbed = testbed;
        }

        synchronized void tearDown() {
            if (done) {
                return;
            }
            done = true;
            if (engine != null) {
                engine.stop(Duration.ofSeconds(5));
            }
            HostsFiles.remove(config);
            testbed.down();
        }
    }
}
