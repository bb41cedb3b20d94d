package chatlab.testbed;

import chatlab.capture.report.LabAnswers;
import chatlab.capture.report.TcpAnswers;
import chatlab.capture.report.UdpAnswers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One run of the lab (Milestones 3 and 4): tcpdump on the hosts, the chat server on webserver, a client on each
 * client host playing the scenario, then everything stopped in order and the captures analysed. Every process is
 * started by this class, tracked by its PID and ended by it; every wait has a deadline, and the whole run has a
 * time limit.
 */
public final class LabRun {
    /** The server's capture, named as the lab names it. */
    static final String SERVER_CAPTURE = "chatserver";

    /** How long the network must stay quiet (every socket's queues empty) before the next action. */
    static final Duration QUIET = Duration.ofMillis(150);
    /** How long to wait for the network to go quiet; under heavy loss retransmissions back off for seconds. */
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(20);
    /**
     * How long a chatlab client waits for the server's first address (IPv4) before trying the next (IPv6). Under
     * heavy loss TCP resends a lost SYN after 1, 2, 4, 8 and 16 s; with the client's usual 5 s a client sometimes
     * went on to IPv6, and a room with one member on IPv6 and the others on IPv4 cannot tell direct messages'
     * senders apart (the lab identifies them by address). The lab's chatclient.py resolves IPv4 only and waits
     * as long as the kernel does.
     */
    static final Duration CLIENT_CONNECT_TIMEOUT = Duration.ofSeconds(60);
    /** A JVM starting on a busy two-core machine, then resolving the server, connecting and registering. */
    static final Duration START_TIMEOUT = CLIENT_CONNECT_TIMEOUT.plusSeconds(30);
    /** How long a client gets to leave after its input ends. */
    static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(20);
    /** How long to wait for the last messages to show up in the clients' output. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 10;

    private final Testbed testbed;
    private final RunOptions options;
    private final TestbedEvents events;
    private final long origin = System.nanoTime();
    private final long deadline;
    private final List<HostProcess> started = new CopyOnWriteArrayList<>();
    private final Map<LabHost, HostProcess> captures = new LinkedHashMap<>();
    private final Map<LabHost, HostProcess> clients = new LinkedHashMap<>();
    private final Map<LabHost, List<Session>> sessions = new LinkedHashMap<>();
    private final List<String> timeline = new ArrayList<>();
    private final Set<String> problems = new LinkedHashSet<>();
    private final Set<String> notes = new LinkedHashSet<>();
    private final Set<HostProcess> reported = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final Object cleanupLock = new Object();
    private volatile boolean cleanedUp;
    private HostProcess server;
    private boolean ownsTestbed;
    private Path rawDir;
    private Path hostJar;
    private long dnsLogStart;
    private long[] dropped = {0, 0};
    private final List<String> processLines = new ArrayList<>();

    /** One client program's life on a host: who it registered as, what was typed, how it ended. */
    private static final class Session {
        final String name;
        final HostProcess process;
        final List<HostProcess.Line> typed = new ArrayList<>();
        String ending = "still running";

        Session(String name, HostProcess process) {
            this.name = name;
            this.process = process;
        }
    }

    public LabRun(Testbed testbed, RunOptions options, TestbedEvents events) {
        preload();
        this.testbed = testbed;
        this.options = options;
        this.events = events;
        this.deadline = origin + options.timeLimit().toNanos();
        LabNetwork.CLIENTS.forEach(h -> sessions.put(h, new ArrayList<>()));
    }

    /**
     * Runs the lab. Brings the testbed up when it is down (and takes it down again at the end); uses it, and leaves
     * it up, when it was already up. Problems during the run (a crash, a missing message) are in the result; only
     * problems that stop a run from starting are thrown.
     */
    public RunResult run() throws TestbedException {
        List<Tools.Tool> needed = new ArrayList<>(List.of(Tools.IP, Tools.SETSID, Tools.DNSMASQ, Tools.TCPDUMP));
        if (options.lossPercent() > 0) {
            needed.add(Tools.NFT);
        }
        Tools.requireAll(needed);
        if (options.uses(Program.CHATLAB) && testbed.config().jar().isEmpty()) {
            throw new TestbedException("cannot find the chatlab jar to run inside the hosts; build it with "
                    + "`mvn -B package` and run chatlab from app/target/chatlab.jar (or ./chatlab)");
        }
        if (options.uses(Program.PYTHON) && Tools.find(testbed.config().python()).isEmpty()) {
            throw new TestbedException("the lab's Python programs need " + testbed.config().python()
                    + ", which is not installed; on Debian: apt-get install python3");
        }
        try {
            Files.createDirectories(options.out().resolve("transcripts"));
        } catch (IOException e) {
            throw new TestbedException("cannot create the output folder " + options.out() + ": " + e.getMessage(), e);
        }
        Testbed.State state = testbed.state();
        if (state == Testbed.State.PARTIAL) {
            throw new TestbedException("an incomplete testbed exists; run `chatlab testbed down` first");
        }
        if (state == Testbed.State.DOWN) {
            progress("bringing the testbed up");
            ownsTestbed = testbed.up();
        } else {
            progress("using the testbed that is already up");
        }
        boolean interrupted = false;
        try {
            claimTestbed();
            rawDir = testbed.config().runDir().resolve("run-" + ProcessHandle.current().pid());
            Files.createDirectories(rawDir);
            if (options.uses(Program.CHATLAB)) {
                // The hosts run a copy: rebuilding the jar during a run (./chatlab does when sources changed)
                // must not pull it from under the server and clients.
                hostJar = rawDir.resolve("chatlab.jar");
                Files.copy(testbed.config().jar().orElseThrow(), hostJar);
            }
            dnsLogStart = size(testbed.config().runDir().resolve("dnsmasq.log"));
            if (options.lossPercent() > 0) {
                Loss.apply(testbed, options.lossPercent());
                progress("dropping " + options.lossPercent() + "% of TCP packets on the webserver's link");
            }
            startCaptures();
            startServer();
            play();
            finish();
        } catch (InterruptedException e) {
            interrupted = true;
            problems.add("interrupted (Ctrl-C or SIGTERM) at " + seconds(now()) + " s; everything was stopped and removed");
        } catch (TestbedException e) {
            problems.add(e.getMessage());
        } catch (IOException e) {
            problems.add("cannot write the run's files: " + e.getMessage());
        } finally {
            // Clean up with a clear interrupt flag, so the waits inside work; restore it afterwards.
            interrupted |= Thread.interrupted();
            cleanUp();
        }
        String summary = report(interrupted);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new RunResult(options.out(), options.out().resolve("summary.txt"), summary, List.copyOf(problems),
                interrupted, started.stream().map(HostProcess::pid).toList());
    }

    /**
     * Stops every process of the run by PID, removes the loss rules, and takes the testbed down if this run brought
     * it up. Safe to call from a shutdown hook while {@link #run} is still going, and any number of times.
     */
    public void cleanUp() {
        synchronized (cleanupLock) {
            if (cleanedUp) {
                return;
            }
            // Last started first: clients, then the server, then tcpdump, which so sees everything end.
            List<HostProcess> all = new ArrayList<>(started);
            java.util.Collections.reverse(all);
            for (HostProcess p : all) {
                if (p.alive()) {
                    p.stop(Pids.STOP_GRACE);
                }
            }
            if (options.lossPercent() > 0) {
                dropped = Loss.dropped(testbed);
                Loss.remove(testbed);
            }
            copyDnsLog();
            if (rawDir != null) {
                testbed.deleteTree(rawDir);
            }
            if (ownsTestbed) {
                testbed.down();
                progress("took the testbed down");
            } else {
                try {
                    Files.deleteIfExists(activeRunFile());
                } catch (IOException ignored) {
                    // down removes it with the rest.
                }
            }
            cleanedUp = true;
        }
    }

    /**
     * Loads now every class the clean-up and the report need. If the jar chatlab runs from is rebuilt during a run,
     * classes can no longer be loaded from it; the clean-up must still be able to run.
     */
    private static void preload() {
        Class<?>[] needed = {Pids.class, Loss.class, Expectations.class, Expectations.Expected.class,
            Expectations.Kind.class, chatlab.wire.PythonRepr.class, CaptureAnalysis.class, CaptureAnalysis.Summary.class,
            RunResult.class, SocketTable.class, SocketTable.Socket.class, HostProcess.class, HostProcess.Line.class,
            Exec.class, Exec.Result.class, Testbed.ProcessRecord.class, Session.class,
            chatlab.capture.flow.Analyzer.class, chatlab.capture.report.TextReport.class,
            chatlab.capture.report.MarkdownReport.class, chatlab.capture.report.LabAnswers.class,
            chatlab.capture.report.ConversationsReport.class, chatlab.capture.report.ChatReport.class,
            chatlab.capture.report.Json.class};
        for (Class<?> c : needed) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // Loaded on first use instead.
            }
        }
    }

    // ---- starting

    /** One run at a time per testbed: a second one would find port 5000 taken and mix its captures with ours. */
    private void claimTestbed() throws TestbedException, IOException {
        Path file = activeRunFile();
        String pid = Long.toString(ProcessHandle.current().pid());
        try {
            Files.writeString(file, pid + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            String other = Testbed.readQuietly(file).strip();
            boolean alive = other.matches("\\d+") && ProcessHandle.of(Long.parseLong(other)).map(ProcessHandle::isAlive)
                    .orElse(false);
            if (alive) {
                ownsTestbed = false;
                throw new TestbedException("another `chatlab testbed run` (pid " + other + ") is using the testbed; "
                        + "wait for it to finish");
            }
            Files.writeString(file, pid + "\n", StandardCharsets.UTF_8);
        }
    }

    private Path activeRunFile() {
        return testbed.config().runDir().resolve("active-run");
    }

    private void startCaptures() throws TestbedException, InterruptedException {
        Path tcpdump = Tools.require(Tools.TCPDUMP);
        // client3 is captured too (the lab asks for the other three): its capture anchors the view of its sockets.
        List<LabHost> hosts = List.of(LabNetwork.WEBSERVER, LabNetwork.CLIENT1, LabNetwork.CLIENT2, LabNetwork.CLIENT3);
        for (LabHost host : hosts) {
            String file = captureName(host) + ".pcap";
            Path target = options.out().toAbsolutePath().resolve(file);
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                throw new TestbedException("cannot replace " + target + ": " + e.getMessage(), e);
            }
            // --immediate-mode and -U: every packet is in the file at once, even if tcpdump is killed.
            // -Z root: write the file as root, where root asked for it.
            HostProcess p = start("tcpdump on " + host, host, List.of(tcpdump.toString(), "-i", LabNetwork.HOST_INTERFACE,
                    "-n", "-U", "--immediate-mode", "-Z", "root", "-w", target.toString()), Map.of(),
                    "tcpdump-" + host.name());
            captures.put(host, p);
        }
        for (Map.Entry<LabHost, HostProcess> e : captures.entrySet()) {
            HostProcess p = e.getValue();
            await("tcpdump to start on " + e.getKey(), START_TIMEOUT,
                    () -> p.count(l -> l.startsWith("tcpdump: listening on")) > 0 || !p.alive());
            if (!p.alive()) {
                throw new TestbedException("tcpdump did not start on " + e.getKey() + ": " + lastLine(p));
            }
        }
        progress("capturing on webserver, client1, client2 and client3 (tcpdump)");
    }

    private static String captureName(LabHost host) {
        return host.equals(LabNetwork.WEBSERVER) ? SERVER_CAPTURE : host.name();
    }

    private void startServer() throws TestbedException, InterruptedException {
        LabHost host = LabNetwork.WEBSERVER;
        List<String> command;
        Map<String, String> env = new LinkedHashMap<>();
        if (options.server() == Program.CHATLAB) {
            command = chatlab("server");
        } else {
            command = List.of(testbed.config().python(), "-u", testbed.pythonDir().resolve("chatserver.py").toString());
            // chatserver.py binds gethostbyname(gethostname()): in Docker that is the container's address.
            env.put("CHAT_SERVER_IP", host.ipv4());
        }
        server = start("server (" + options.server().word() + ")", host, command, env, "server");
        HostProcess s = server;
        await("the server to listen on port " + LabNetwork.CHAT_PORT, START_TIMEOUT, () -> !s.alive()
                || SocketTable.read(s.pid()).stream().anyMatch(k -> k.tcp() && k.state() == SocketTable.LISTEN
                        && k.localPort() == LabNetwork.CHAT_PORT));
        if (!s.alive()) {
            reported.add(s);
            throw new TestbedException("CRASH: the server (" + options.server().word() + ") exited with "
                    + status(s) + " before it listened: " + lastLine(s));
        }
        progress("server (" + options.server().word() + ") listening on " + host + " port " + LabNetwork.CHAT_PORT
                + ", pid " + s.pid());
    }

    private List<String> chatlab(String... args) {
        List<String> command = new ArrayList<>(List.of(testbed.config().java().toString(), "-Xmx128m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", hostJar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private HostProcess start(String label, LabHost host, List<String> command, Map<String, String> env, String file)
            throws TestbedException {
        Map<String, String> environment = new LinkedHashMap<>(env);
        environment.put("NO_COLOR", "1");
        HostProcess p = HostProcess.start(label, host, testbed.onHostDetached(host, command), environment,
                rawDir.resolve(file + "-" + started.size()), origin, line -> {});
        started.add(p);
        return p;
    }

    // ---- the scenario

    private void play() throws TestbedException, InterruptedException {
        long scenarioStart = System.nanoTime();
        for (Scenario.Step step : options.scenario().steps()) {
            long due = scenarioStart + step.at().toNanos();
            while (System.nanoTime() < due) {
                checkDeadline();
                Thread.sleep(Math.max(1, Math.min(50, (due - System.nanoTime()) / 1_000_000)));
            }
            checkDeadline();
            settle("before scenario line " + step.line());
            checkCrashes();
            if (!server.alive()) {
                throw new TestbedException("the scenario stopped at line " + step.line() + " because the server is gone");
            }
            act(step);
        }
    }

    private void act(Scenario.Step step) throws TestbedException, InterruptedException {
        LabHost host = step.host();
        if (step.action() instanceof Scenario.Join join) {
            join(host, join.name(), step.line());
        } else if (step.action() instanceof Scenario.Say say) {
            HostProcess client = clients.get(host);
            String who = current(host).map(s -> s.name).orElse("?");
            event(host, who + " types: " + say.text());
            current(host).ifPresent(s -> s.typed.add(new HostProcess.Line(now(), false, say.text())));
            if (client == null || !client.alive() || !client.typeLine(say.text())) {
                problems.add(host + ": could not type line " + step.line() + " (" + say.text() + "): the client is not running");
            }
        } else if (step.action() instanceof Scenario.Leave) {
            leave(host, "line " + step.line());
        }
    }

    private void join(LabHost host, String name, int line) throws TestbedException, InterruptedException {
        Program program = options.client(host);
        List<String> command;
        Map<String, String> env = new LinkedHashMap<>();
        if (program == Program.CHATLAB) {
            // The lab's wire, so the captures are the lab's; --lab-output prints what the lab's client prints,
            // so the implementations' transcripts compare line for line.
            command = chatlab("client", "--server", LabNetwork.CHAT_SERVER_NAME, "--wire", "lab", "--lab-output",
                    "--connect-timeout", CLIENT_CONNECT_TIMEOUT.toSeconds() + "s");
        } else {
            command = List.of(testbed.config().python(), "-u", testbed.pythonDir().resolve("chatclient.py").toString());
            // chatclient.py takes its address from gethostbyname(gethostname()): in Docker, the container's address.
            env.put("CHAT_CLIENT_IP", host.ipv4());
        }
        event(host, name + " joins (" + program.word() + " client)");
        long before = serverMentions(name, host);
        HostProcess p = start(host + " " + name + " (" + program.word() + ")", host, command, env,
                "client-" + host.name());
        Session session = new Session(name, p);
        sessions.get(host).add(session);
        clients.put(host, p);
        session.typed.add(new HostProcess.Line(now(), false, name));
        p.typeLine(name);
        boolean registered = await(name + " to register", START_TIMEOUT,
                () -> serverMentions(name, host) > before || !p.alive() || !server.alive());
        if (!registered || !p.alive()) {
            problems.add(host + ": " + name + " did not register with the server (scenario line " + line + ")"
                    + (p.alive() ? "" : "; the client exited with " + status(p) + ": " + lastLine(p)));
        }
    }

    /**
     * How many registrations of this name from this host the server has logged: chatlab logs
     * {@code join NAME from ADDRESS}, the lab's server prints {@code NAME with IP address:ADDRESS, has connected}.
     */
    private long serverMentions(String name, LabHost host) {
        return server.count(l -> Stream.of(host.ipv4(), host.ipv6()).anyMatch(address ->
                l.contains("join " + name + " from " + address) || l.contains(name + " with IP address:" + address + ",")));
    }

    private void leave(LabHost host, String why) throws InterruptedException {
        HostProcess p = clients.remove(host);
        Optional<Session> session = current(host);
        if (p == null || session.isEmpty()) {
            return;
        }
        event(host, session.get().name + " leaves (end of input)");
        session.get().typed.add(new HostProcess.Line(now(), false, "^D"));
        boolean crashedBefore = !p.alive();
        p.closeInput();
        if (!crashedBefore && !p.awaitExit(remaining(LEAVE_TIMEOUT))) {
            p.stop(Pids.STOP_GRACE);
            session.get().ending = "did not exit within " + LEAVE_TIMEOUT.toSeconds() + " s of the end of its input; stopped";
            problems.add(host + ": " + session.get().name + "'s client did not exit after its input ended (" + why + ")");
        } else if (crashedBefore) {
            reportCrash(p, session.get());
        } else {
            int code = p.exitCode().orElse(-1);
            session.get().ending = "left at the end of its input, exit status " + code;
            if (code != 0) {
                reported.add(p);
                problems.add("CRASH: " + host + ": " + session.get().name + "'s client exited with status " + code
                        + " when its input ended: " + lastLine(p));
            }
        }
        // The server has let go of the client once no connection from its address is open or half-closed there.
        await("the server to close " + session.get().name + "'s connection", SETTLE_TIMEOUT, () -> !server.alive()
                || SocketTable.read(server.pid()).stream().noneMatch(s -> s.tcp() && s.localPort() == LabNetwork.CHAT_PORT
                        && (s.remote().equals(host.ipv4()) || s.remote().equals(host.ipv6()))
                        && (s.state() == SocketTable.ESTABLISHED || s.state() == SocketTable.CLOSE_WAIT)));
    }

    private Optional<Session> current(LabHost host) {
        List<Session> list = sessions.get(host);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    private void finish() throws TestbedException, InterruptedException {
        settle("at the end of the scenario");
        List<Expectations.Expected> expected = Expectations.of(options.scenario());
        await("every message to arrive", remaining(DELIVERY_TIMEOUT),
                () -> Expectations.missing(expected, outputs()).isEmpty());
        checkCrashes();
        for (LabHost host : LabNetwork.CLIENTS) {
            if (clients.containsKey(host)) {
                leave(host, "end of the scenario");
            }
        }
        settle("after the clients left");
        progress("stopping the server");
        boolean byItself = server.stop(Pids.STOP_GRACE);
        int code = server.exitCode().orElse(-1);
        String ending = (byItself ? "stopped with SIGTERM" : "did not stop with SIGTERM, killed") + ", exit status " + code;
        processLines.add("server (" + options.server().word() + ", pid " + server.pid() + ") on webserver: " + ending);
        // chatlab exits 0 on SIGTERM; the lab's Python server has no handler, so SIGTERM ends it with 143.
        boolean clean = byItself && (code == 0 || (options.server() == Program.PYTHON && code == 143));
        if (!clean && !reported.contains(server)) {
            reported.add(server);
            problems.add("CRASH: the server " + ending + ": " + lastLine(server));
        }
        settle("after the server stopped");
        checkCrashes();
    }

    // ---- waiting

    /** Waits until every socket of the chat hosts has empty queues for {@link #QUIET}; a timeout is a warning. */
    private void settle(String when) throws InterruptedException {
        List<Long> anchors = new ArrayList<>();
        captures.values().stream().filter(HostProcess::alive).forEach(p -> anchors.add(p.pid()));
        long[] quietSince = {-1};
        boolean quiet = await("the network to go quiet " + when, remaining(SETTLE_TIMEOUT), () -> {
            boolean idle = anchors.stream().allMatch(pid -> SocketTable.read(pid).stream().allMatch(SocketTable.Socket::idle));
            long t = System.nanoTime();
            if (!idle) {
                quietSince[0] = -1;
                return false;
            }
            if (quietSince[0] < 0) {
                quietSince[0] = t;
            }
            return t - quietSince[0] >= QUIET.toNanos();
        });
        if (!quiet) {
            String warning = "the network was still busy " + when + " after " + SETTLE_TIMEOUT.toSeconds() + " s; went on";
            events.warning(warning);
            timeline.add(String.format("  %8s  %s", "+" + seconds(now()), "warning: " + warning));
        }
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; false on timeout. */
    private boolean await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                events.warning("timed out after " + timeout.toSeconds() + " s waiting for " + what);
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /** A wait's timeout, cut to what is left of the run's time limit. */
    private Duration remaining(Duration timeout) {
        long left = deadline - System.nanoTime();
        return Duration.ofNanos(Math.max(0, Math.min(timeout.toNanos(), left)));
    }

    private void checkDeadline() throws TestbedException {
        if (System.nanoTime() > deadline) {
            throw new TestbedException("the run reached its time limit of " + options.timeLimit().toSeconds()
                    + " s and was stopped");
        }
    }

    /** A client that ended before it was asked to, or a Python traceback, is a crash. */
    private void checkCrashes() {
        for (Map.Entry<LabHost, HostProcess> e : clients.entrySet()) {
            HostProcess p = e.getValue();
            if (!p.alive() && !p.inputClosed() && !reported.contains(p)) {
                current(e.getKey()).ifPresent(s -> reportCrash(p, s));
            }
        }
        for (HostProcess p : started) {
            if (!reported.contains(p) && p.count(l -> l.startsWith("Traceback (most recent call last)")) > 0) {
                reported.add(p);
                if (p.inputClosed()) {
                    // The lab's client shuts its socket down at the end of its input; its receive thread then
                    // indexes an empty message and dies on the way out. A flaw of the lab's program, not a crash.
                    notes.add(p.label() + " printed a Python traceback while leaving (the lab client's receive "
                            + "thread fails on the closed socket; the program exited normally)");
                } else {
                    problems.add("CRASH: " + p.label() + " printed a Python traceback (a thread of the program "
                            + "died): " + lastLine(p));
                }
            }
        }
        if (server != null && !server.alive() && !server.stopRequested() && !reported.contains(server)) {
            reported.add(server);
            problems.add("CRASH: the server exited on its own at " + seconds(now()) + " s with " + status(server)
                    + ": " + lastLine(server));
        }
    }

    private void reportCrash(HostProcess p, Session session) {
        if (reported.add(p)) {
            session.ending = "exited on its own with " + status(p) + " before it was asked to leave";
            problems.add("CRASH: " + p.host() + ": " + session.name + "'s client " + session.ending + ": " + lastLine(p));
        }
    }

    /** An exit status as a person reads it: 137 is "status 137 (killed by signal 9, SIGKILL)". */
    static String status(HostProcess p) {
        int code = p.exitCode().orElse(-1);
        if (code > 128 && code < 160) {
            int signal = code - 128;
            String name = switch (signal) {
                case 2 -> ", SIGINT";
                case 6 -> ", SIGABRT";
                case 9 -> ", SIGKILL";
                case 11 -> ", SIGSEGV";
                case 15 -> ", SIGTERM";
                default -> "";
            };
            return "status " + code + " (killed by signal " + signal + name + ")";
        }
        return "status " + code;
    }

    private static String lastLine(HostProcess p) {
        p.drain(Duration.ofSeconds(1));
        List<HostProcess.Line> lines = p.lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String text = lines.get(i).text().strip();
            if (!text.isEmpty() && !text.startsWith("Running as user")) {
                return text;
            }
        }
        return "(no output)";
    }

    /** Every client host's output so far, all its sessions. */
    private Map<LabHost, List<String>> outputs() {
        Map<LabHost, List<String>> out = new LinkedHashMap<>();
        sessions.forEach((host, list) -> {
            List<String> lines = new ArrayList<>();
            list.forEach(s -> s.process.lines().stream().filter(l -> !l.stderr()).forEach(l -> lines.add(l.text())));
            out.put(host, lines);
        });
        return out;
    }

    // ---- after the run

    private String report(boolean interrupted) {
        List<String> tcpdumps = new ArrayList<>();
        for (Map.Entry<LabHost, HostProcess> e : captures.entrySet()) {
            HostProcess p = e.getValue();
            p.drain(Duration.ofSeconds(2));
            String counted = p.lines().stream().map(HostProcess.Line::text).filter(t -> t.endsWith("packets captured"))
                    .findFirst().orElse("packet count not reported");
            tcpdumps.add("tcpdump on " + e.getKey() + " (pid " + p.pid() + "): " + counted + " -> "
                    + captureName(e.getKey()) + ".pcap");
        }
        processLines.addAll(0, tcpdumps);
        List<Expectations.Expected> expected = Expectations.of(options.scenario());
        List<Expectations.Expected> missing = Expectations.missing(expected, outputs());
        if (!interrupted && server != null) {
            for (Expectations.Expected m : missing) {
                problems.add("MISSING: " + m.host() + " never printed \"" + m.text() + "\" (scenario line " + m.step() + ")");
            }
        }
        writeTranscripts();
        CaptureAnalysis.Summary analysis = CaptureAnalysis.analyze(options.out(),
                List.of(SERVER_CAPTURE, LabNetwork.CLIENT1.name(), LabNetwork.CLIENT2.name(), LabNetwork.CLIENT3.name()));
        problems.addAll(analysis.problems());
        if (options.lossPercent() > 0 && !interrupted && analysis.retransmissions().getOrDefault(SERVER_CAPTURE, 0L) == 0) {
            events.warning("no retransmission in chatserver.pcap despite --loss (too few packets were dropped)");
        }
        String text = summary(interrupted, expected, missing, analysis);
        try {
            Files.writeString(options.out().resolve("summary.txt"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add("cannot write summary.txt: " + e.getMessage());
        }
        return text;
    }

    private String summary(boolean interrupted, List<Expectations.Expected> expected,
            List<Expectations.Expected> missing, CaptureAnalysis.Summary analysis) {
        StringBuilder s = new StringBuilder();
        s.append("chatlab testbed run, ").append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
                .append(", ").append(seconds(now())).append(" s\n");
        s.append("  server    ").append(options.server().word()).append(" on webserver (").append(LabNetwork.WEBSERVER.ipv4())
                .append(", ").append(LabNetwork.CHAT_SERVER_NAME).append("), port ").append(LabNetwork.CHAT_PORT).append('\n');
        s.append("  clients   ");
        for (LabHost host : LabNetwork.CLIENTS) {
            s.append(host).append(' ').append(options.client(host).word()).append(host.equals(LabNetwork.CLIENT3) ? "\n" : ", ");
        }
        s.append("  scenario  ").append(options.scenario().name()).append(" (").append(options.scenario().steps().size())
                .append(" actions)\n");
        s.append("  loss      ").append(options.lossPercent() == 0 ? "none" : options.lossPercent()
                + "% of TCP packets on the webserver's link; dropped " + dropped[0] + " toward webserver, " + dropped[1]
                + " from it").append('\n');
        s.append("  folder    ").append(options.out().toAbsolutePath()).append("\n\n");
        s.append("Timeline (seconds from the start of the run)\n");
        timeline.forEach(line -> s.append(line).append('\n'));
        s.append('\n');
        s.append("Deliveries (from the clients' output, in the lab client's words)\n");
        for (Expectations.Kind kind : Expectations.Kind.values()) {
            long all = expected.stream().filter(e -> e.kind() == kind).count();
            long lost = missing.stream().filter(e -> e.kind() == kind).count();
            if (all > 0) {
                s.append(String.format("  %-30s %d of %d%n", describe(kind), all - lost, all));
            }
        }
        s.append('\n');
        s.append("Processes (each started, tracked and ended by its PID)\n");
        processLines.forEach(line -> s.append("  ").append(line).append('\n'));
        for (LabHost host : LabNetwork.CLIENTS) {
            for (Session session : sessions.get(host)) {
                s.append("  ").append(host).append(' ').append(session.name).append(" (").append(options.client(host).word())
                        .append(" client, pid ").append(session.process.pid()).append("): ").append(session.ending).append('\n');
            }
        }
        s.append('\n');
        List<String> crashes = problems.stream().filter(p -> p.startsWith("CRASH")).toList();
        s.append("Crashes: ").append(crashes.isEmpty() ? "none" : crashes.size()).append('\n');
        crashes.forEach(c -> s.append("  ").append(c).append('\n'));
        notes.forEach(n -> s.append("  Note: ").append(n).append('\n'));
        s.append('\n');
        s.append("Captures (analysed by chatlab's analyzer; details in analysis/)\n");
        analysis.lines().forEach(line -> s.append(line).append('\n'));
        LabAnswers server = analysis.answers().get(SERVER_CAPTURE);
        if (server != null) {
            s.append(keyAnswers(server, analysis.answers().get(LabNetwork.CLIENT1.name())));
        }
        s.append('\n');
        s.append("Files\n");
        s.append("  chatserver.pcap, client1.pcap, client2.pcap   the captures the lab asks for (client3.pcap too)\n");
        s.append("  analysis/answers.txt                           Q3 to Q12 answered, with frame numbers\n");
        s.append("  analysis/report-chatserver/report.md           evidence: annotated hex dumps, sequence diagram\n");
        s.append("  analysis/report-client1/report.md              evidence for the UDP questions\n");
        s.append("  transcripts/client1.txt ... server.txt         what each program printed, and what was typed\n");
        s.append("  dnsmasq.log                                    the DNS queries of the run\n");
        s.append('\n');
        List<String> others = problems.stream().filter(p -> !p.startsWith("CRASH")).toList();
        if (problems.isEmpty() && !interrupted) {
            s.append("Result: OK: every message arrived where it should and nothing crashed.\n");
        } else {
            s.append(interrupted ? "Result: INTERRUPTED\n" : "Result: PROBLEMS (" + problems.size() + ")\n");
            others.forEach(p -> s.append("  ").append(p).append('\n'));
            crashes.forEach(p -> s.append("  ").append(p).append('\n'));
        }
        return s.toString();
    }

    private static String describe(Expectations.Kind kind) {
        return switch (kind) {
            case CHATROOM -> "chatroom messages received";
            case DIRECT -> "direct (UDP) messages received";
            case LIST -> "#ls lists with the right users";
            case NOT_REGISTERED -> "\"is not registered\" answers";
        };
    }

    static String keyAnswers(LabAnswers server, LabAnswers client1) {
        StringBuilder s = new StringBuilder();
        TcpAnswers tcp = server.tcp();
        if (tcp != null && tcp.syn() != null) {
            s.append("  Q3  client1's SYN: chatserver.pcap frame ").append(tcp.syn().frame()).append(", sequence number ")
                    .append(tcp.syn().seqRaw()).append(" (raw), flags ").append(tcp.syn().flagsHex()).append('\n');
        }
        if (tcp != null && tcp.synAck() != null) {
            s.append("  Q4  the SYN-ACK: frame ").append(tcp.synAck().frame()).append(", sequence number ")
                    .append(tcp.synAck().seqRaw()).append(", acknowledgement ").append(tcp.synAck().ackRaw())
                    .append(" (").append(tcp.synAck().ackDerivation()).append(")\n");
        }
        if (tcp != null) {
            s.append("  Q6  retransmissions on client1's connection: ").append(tcp.retransmissions().total())
                    .append('\n');
        }
        UdpAnswers.Datagram direct = client1 == null ? null : client1.udp().first();
        if (direct != null) {
            s.append("  Q7  a direct message: client1.pcap frame ").append(direct.frame()).append(", UDP length field ")
                    .append(direct.lengthField()).append(" = 8 header bytes + ").append(direct.payloadLen())
                    .append(" payload bytes\n");
        }
        return s.toString();
    }

    private void writeTranscripts() {
        Path dir = options.out().resolve("transcripts");
        for (LabHost host : LabNetwork.CLIENTS) {
            StringBuilder t = new StringBuilder();
            t.append("# ").append(host).append(" (").append(host.ipv4()).append("), ").append(options.client(host).word())
                    .append(" client. Seconds from the start of the run; \"> \" is what was typed, \"! \" the ")
                    .append("program's stderr. Input prompts are left out.\n");
            for (Session session : sessions.get(host)) {
                t.append("# --- ").append(session.name).append(", pid ").append(session.process.pid()).append(" ---\n");
                List<HostProcess.Line> lines = new ArrayList<>(session.typed.stream()
                        .map(l -> new HostProcess.Line(l.atNanos(), false, "> " + l.text())).toList());
                session.process.drain(Duration.ofSeconds(1));
                for (HostProcess.Line l : session.process.lines()) {
                    String text = Expectations.withoutPrompts(l.text());
                    if (!text.isBlank() || !l.stderr()) {
                        lines.add(new HostProcess.Line(l.atNanos(), l.stderr(), (l.stderr() ? "! " : "") + text));
                    }
                }
                lines.sort(Comparator.comparingLong(HostProcess.Line::atNanos));
                lines.forEach(l -> t.append(String.format("%8s  %s%n", "+" + seconds(l.atNanos()), l.text())));
                t.append("# ").append(session.ending).append('\n');
            }
            write(dir.resolve(host.name() + ".txt"), t.toString());
        }
        if (server != null) {
            StringBuilder t = new StringBuilder("# the server (" + options.server().word() + ") on webserver, pid "
                    + server.pid() + ": its output, seconds from the start of the run\n");
            server.drain(Duration.ofSeconds(1));
            server.lines().forEach(l -> t.append(String.format("%8s  %s%n", "+" + seconds(l.atNanos()), l.text())));
            write(dir.resolve("server.txt"), t.toString());
        }
    }

    private void copyDnsLog() {
        Path log = testbed.config().runDir().resolve("dnsmasq.log");
        try {
            if (Files.exists(log)) {
                byte[] all = Files.readAllBytes(log);
                int from = (int) Math.min(all.length, dnsLogStart);
                Files.write(options.out().resolve("dnsmasq.log"), java.util.Arrays.copyOfRange(all, from, all.length));
            }
        } catch (IOException e) {
            problems.add("cannot copy the DNS server's log: " + e.getMessage());
        }
    }

    private void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add("cannot write " + file + ": " + e.getMessage());
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private long now() {
        return System.nanoTime() - origin;
    }

    private static String seconds(long nanos) {
        return String.format("%.3f", nanos / 1e9);
    }

    private void event(LabHost host, String what) {
        String line = String.format("  %8s  %-8s %s", "+" + seconds(now()), host.name(), what);
        timeline.add(line);
        events.progress(line.strip());
    }

    private void progress(String line) {
        events.progress(line);
    }
}
