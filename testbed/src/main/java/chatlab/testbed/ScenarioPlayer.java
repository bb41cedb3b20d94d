package chatlab.testbed;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Plays the scenario against a running server: each line at its time once the network is quiet, clients started,
 * typed into and closed as it says; at the end every message awaited, the clients closed and the server stopped.
 */
final class ScenarioPlayer {
    private final RunOptions options;
    private final RunLog log;
    private final Waits waits;
    private final RunProcesses processes;
    private final ClientSessions clients;
    private final CrashWatch crashes;
    private final HostProcess server;
    /** The captures, one per host: their sockets tell when the network is quiet. */
    private final Collection<HostProcess> captures;

    ScenarioPlayer(RunOptions options, RunLog log, Waits waits, RunProcesses processes, ClientSessions clients,
            CrashWatch crashes, HostProcess server, Collection<HostProcess> captures) {
        this.options = options;
        this.log = log;
        this.waits = waits;
        this.processes = processes;
        this.clients = clients;
        this.crashes = crashes;
        this.server = server;
        this.captures = captures;
    }

    void play() throws TestbedException, InterruptedException {
        long scenarioStart = System.nanoTime();
        for (Scenario.Step step : options.scenario().steps()) {
            waits.until(scenarioStart + step.at().toNanos());
            waits.settle("before scenario line " + step.line(), captures);
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
            HostProcess client = clients.running().get(host);
            String who = clients.current(host).map(s -> s.name).orElse("?");
            log.event(host, who + " types: " + say.text());
            clients.current(host).ifPresent(s -> s.typed.add(new HostProcess.Line(log.now(), false, say.text())));
            if (client == null || !client.alive() || !client.typeLine(say.text())) {
                log.problem(host + ": could not type line " + step.line() + " (" + say.text()
                        + "): the client is not running");
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
            command = processes.chatlab("client", "--server", LabNetwork.CHAT_SERVER_NAME, "--wire", "lab",
                    "--lab-output", "--connect-timeout", Waits.CLIENT_CONNECT_TIMEOUT.toSeconds() + "s");
        } else {
            command = processes.python("chatclient.py");
            // chatclient.py takes its address from gethostbyname(gethostname()): in Docker, the container's address.
            env.put("CHAT_CLIENT_IP", host.ipv4());
        }
        log.event(host, name + " joins (" + program.word() + " client)");
        long before = serverMentions(name, host);
        HostProcess p = processes.start(host + " " + name + " (" + program.word() + ")", host, command, env,
                "client-" + host.name());
        LabSession session = new LabSession(name, p);
        clients.started(host, session);
        session.typed.add(new HostProcess.Line(log.now(), false, name));
        p.typeLine(name);
        boolean registered = waits.await(name + " to register", Waits.START_TIMEOUT,
                () -> serverMentions(name, host) > before || !p.alive() || !server.alive());
        if (!registered || !p.alive()) {
            log.problem(host + ": " + name + " did not register with the server (scenario line " + line + ")"
                    + (p.alive() ? "" : "; the client exited with " + CrashWatch.status(p) + ": "
                    + CrashWatch.lastLine(p)));
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
        HostProcess p = clients.leaving(host);
        Optional<LabSession> session = clients.current(host);
        if (p == null || session.isEmpty()) {
            return;
        }
        log.event(host, session.get().name + " leaves (end of input)");
        session.get().typed.add(new HostProcess.Line(log.now(), false, "^D"));
        boolean crashedBefore = !p.alive();
        p.closeInput();
        if (!crashedBefore && !p.awaitExit(waits.remaining(Waits.LEAVE_TIMEOUT))) {
            p.stop(Pids.STOP_GRACE);
            session.get().ending = "did not exit within " + Waits.LEAVE_TIMEOUT.toSeconds()
                    + " s of the end of its input; stopped";
            log.problem(host + ": " + session.get().name + "'s client did not exit after its input ended (" + why + ")");
        } else if (crashedBefore) {
            crashes.clientCrashed(p, session.get());
        } else {
            int code = p.exitCode().orElse(-1);
            session.get().ending = "left at the end of its input, exit status " + code;
            if (code != 0) {
                crashes.markReported(p);
                log.problem("CRASH: " + host + ": " + session.get().name + "'s client exited with status " + code
                        + " when its input ended: " + CrashWatch.lastLine(p));
            }
        }
        // The server has let go of the client once no connection from its address is open or half-closed there.
        waits.await("the server to close " + session.get().name + "'s connection", Waits.SETTLE_TIMEOUT,
                () -> !server.alive() || SocketTable.read(server.pid()).stream().noneMatch(s -> s.tcp()
                        && s.localPort() == LabNetwork.CHAT_PORT
                        && (s.remote().equals(host.ipv4()) || s.remote().equals(host.ipv6()))
                        && (s.state() == SocketTable.ESTABLISHED || s.state() == SocketTable.CLOSE_WAIT)));
    }

    /** Awaits every message, closes the clients still running, and stops the server. */
    void finish() throws TestbedException, InterruptedException {
        waits.settle("at the end of the scenario", captures);
        List<Expectations.Expected> expected = Expectations.of(options.scenario());
        waits.await("every message to arrive", waits.remaining(Waits.DELIVERY_TIMEOUT),
                () -> Expectations.missing(expected, clients.outputs()).isEmpty());
        checkCrashes();
        for (LabHost host : LabNetwork.CLIENTS) {
            if (clients.running().containsKey(host)) {
                leave(host, "end of the scenario");
            }
        }
        waits.settle("after the clients left", captures);
        log.progress("stopping the server");
        boolean byItself = server.stop(Pids.STOP_GRACE);
        int code = server.exitCode().orElse(-1);
        String ending = (byItself ? "stopped with SIGTERM" : "did not stop with SIGTERM, killed") + ", exit status " + code;
        log.processLine("server (" + options.server().word() + ", pid " + server.pid() + ") on webserver: " + ending);
        // chatlab exits 0 on SIGTERM; the lab's Python server has no handler, so SIGTERM ends it with 143.
        boolean clean = byItself && (code == 0 || (options.server() == Program.PYTHON && code == 143));
        if (!clean && crashes.markReported(server)) {
            log.problem("CRASH: the server " + ending + ": " + CrashWatch.lastLine(server));
        }
        waits.settle("after the server stopped", captures);
        checkCrashes();
    }

    private void checkCrashes() {
        crashes.check(clients, processes.started(), server);
    }
}
