package chatlab.testbed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The cluster scenario's story, against running servers: six clients join (two through {@code chat.ttm4200.com},
 * the others through a server's own name so every server has a v2 and a lab client), three rounds of messages around
 * a SIGKILL of the first server and a partition of another from the broker. Each message is awaited at every client
 * that should see it before the next is typed, so the order of events is the same on a fast and a busy machine.
 */
final class ClusterScenario {
    /** Two presence and name renewal intervals (5 s each) after the heal before the last round. */
    static final Duration AFTER_HEAL = Duration.ofSeconds(10);

    private final Testbed testbed;
    private final RunLog log;
    private final Waits waits;
    private final RunProcesses processes;
    private final Map<LabHost, HostProcess> servers;
    private final List<ClusterClient> clients;
    private final ClusterReport.Facts facts;
    private final Function<ClusterClient, ClusterTally.Message> say;

    ClusterScenario(Testbed testbed, RunLog log, Waits waits, RunProcesses processes, Map<LabHost, HostProcess> servers,
            List<ClusterClient> clients, ClusterReport.Facts facts, Function<ClusterClient, ClusterTally.Message> say) {
        this.testbed = testbed;
        this.log = log;
        this.waits = waits;
        this.processes = processes;
        this.servers = servers;
        this.clients = clients;
        this.facts = facts;
        this.say = say;
    }

    void play() throws TestbedException, InterruptedException {
        ClusterClient alice = clients.get(0);
        join(alice, LabNetwork.CHAT_SERVER_NAME);
        LabHost doomed = alice.server.orElseThrow(() -> new TestbedException("alice did not register with any server"));
        // The lab client that shares alice's server: by that server's own name, as the name's answers may rotate.
        join(clients.get(1), ClusterNetwork.dnsName(doomed));
        List<LabHost> others = new ArrayList<>(ClusterNetwork.SERVERS);
        others.remove(doomed);
        join(clients.get(2), ClusterNetwork.dnsName(others.get(0)));
        join(clients.get(3), ClusterNetwork.dnsName(others.get(0)));
        join(clients.get(4), ClusterNetwork.dnsName(others.get(1)));
        join(clients.get(5), ClusterNetwork.dnsName(others.get(1)));
        awaitPresence();
        round("every server up");

        kill(doomed);
        round("after the kill");

        partition(others.get(1));
        round("after the heal");
        awaitAll();
        for (ClusterClient c : clients) {
            c.letGo(servers).ifPresent(l -> facts.letGo.put(c.name, l));
        }
    }

    // ---- joining

    private void join(ClusterClient client, String via) throws TestbedException, InterruptedException {
        client.via = via;
        List<String> command;
        Map<String, String> env = new LinkedHashMap<>();
        if (client.v2()) {
            command = processes.chatlab("client", "--server", via, "--plain", "--connect-timeout",
                    Waits.CLIENT_CONNECT_TIMEOUT.toSeconds() + "s");
        } else {
            command = processes.python("chatclient.py");
            env.put("CHAT_CLIENT_IP", client.host.ipv4());
            env.put("CHAT_SERVER", via);
        }
        log.event(client.host, client.name + " joins through " + via + " (" + client.program.word() + " client, "
                + client.wire() + " wire)");
        HostProcess p = processes.start(client.host + " " + client.name + " (" + client.program.word() + ")",
                client.host, command, env, "client-" + client.host.name());
        client.process = p;
        client.typed.add(new HostProcess.Line(log.now(), false, client.name));
        p.typeLine(client.name);
        waits.await(client.name + " to register", Waits.START_TIMEOUT,
                () -> client.registeredAt(servers).isPresent() || !p.alive());
        client.server = client.registeredAt(servers);
        if (client.server.isEmpty()) {
            throw new TestbedException(client.host + ": " + client.name + " did not register with any server"
                    + (p.alive() ? "" : "; the client exited with " + CrashWatch.status(p) + ": " + CrashWatch.lastLine(p)));
        }
        log.event(client.host, client.name + " is on " + client.server.get());
    }

    /** Until every v2 client lists everyone (its server has the other servers' rosters); a timeout is a warning. */
    private void awaitPresence() throws InterruptedException {
        waits.await("every v2 client to list all six users", waits.remaining(ClusterNetwork.PRESENCE_TIMEOUT),
                () -> clients.stream().filter(ClusterClient::v2).allMatch(c -> clients.stream()
                        .allMatch(o -> o == c || c.output().stream().anyMatch(l -> l.contains(o.name)))));
    }

    // ---- talking

    /** Each client that can type says one message, awaited at every client that should see it. */
    private void round(String phase) throws InterruptedException {
        log.progress("round of messages: " + phase);
        for (ClusterClient c : clients) {
            if (speaks(c)) {
                ClusterTally.Message m = say.apply(c);
                awaitDelivered(m, recipients(m));
            }
        }
    }

    /** A client speaks while its program runs and its server is alive (a client that moved counts as its new one). */
    private boolean speaks(ClusterClient c) {
        return connected(c) && !cutOff(c);
    }

    /** Its program runs, it is registered with a server that is alive, and that server has not let it go. */
    private boolean connected(ClusterClient c) {
        return c.process != null && c.process.alive() && c.server.isPresent() && !c.server.get().equals(facts.killed)
                && c.letGo(servers).isEmpty();
    }

    private boolean cutOff(ClusterClient c) {
        return facts.cut != null && facts.healedAt < 0 && c.server.equals(Optional.of(facts.cut));
    }

    /** Every other client still connected, less those where the message's loss is expected. */
    private List<ClusterClient> recipients(ClusterTally.Message m) {
        return clients.stream().filter(c -> !c.name.equals(m.sender())).filter(this::connected).filter(c -> {
            ClusterTally.Excuse e = facts.excuses.get(c.name);
            return e == null || m.atNanos() < e.lossesFromNanos();
        }).toList();
    }

    private void awaitDelivered(ClusterTally.Message m, List<ClusterClient> all) throws InterruptedException {
        // While a server is cut off, its clients get the message after the heal (awaitAll); not waited for here.
        List<ClusterClient> to = all.stream().filter(c -> !cutOff(c)).toList();
        ClusterClient sender = clients.stream().filter(c -> c.name.equals(m.sender())).findFirst().orElseThrow();
        waits.await(m.text() + " to reach " + to, waits.remaining(ClusterRun.DELIVERY_TIMEOUT),
                () -> to.stream().allMatch(c -> c.output().stream().anyMatch(l -> l.contains(m.seenAs())))
                        && (!sender.v2() || sender.output().stream().anyMatch(l -> l.contains(m.seenAs())
                                && l.contains(ClusterTally.ACK_MARK))));
    }

    // ---- the kill

    private void kill(LabHost doomed) throws InterruptedException {
        HostProcess server = servers.get(doomed);
        facts.killed = doomed;
        facts.killedPid = server.pid();
        log.event(doomed, "the server (pid " + server.pid() + ") is killed with SIGKILL");
        facts.killedAt = log.now();
        ProcessHandle.of(server.pid()).ifPresent(ProcessHandle::destroyForcibly);
        server.awaitExit(Pids.STOP_GRACE);
        facts.serverEndings.put(doomed, "killed with SIGKILL by the scenario at +" + RunLog.seconds(facts.killedAt)
                + " s, exit status " + server.exitCode().orElse(-1));
        List<ClusterClient> stranded = clients.stream().filter(c -> c.server.equals(Optional.of(doomed))).toList();
        for (ClusterClient c : stranded) {
            // A v2 client's reason is settled once its move succeeded or not (below).
            facts.excuses.put(c.name, new ClusterTally.Excuse(facts.killedAt, c.v2(), c.v2() ? "its server was killed"
                    : "its server was killed and a lab client cannot reconnect"));
        }
        List<ClusterClient> observers = clients.stream().filter(c -> c.v2() && !stranded.contains(c)).toList();
        waits.await("the killed server's users to leave every other v2 client's list",
                waits.remaining(ClusterNetwork.PRESENCE_TIMEOUT.plusSeconds(20)),
                () -> seen(observers, stranded, facts.killedAt, " left", " from ", facts.leftAfter)
                        == observers.size() * stranded.size());
        for (ClusterClient c : stranded) {
            if (!c.v2()) {
                log.event(c.host, c.name + " (lab client) cannot move: its messages after the kill are not expected");
                continue;
            }
            boolean moved = waits.await(c.name + " to register with another server", waits.remaining(
                    ClusterRun.MOVE_TIMEOUT), () -> c.registeredAt(servers).filter(s -> !s.equals(doomed)).isPresent()
                    || !c.process.alive());
            Optional<LabHost> now = c.registeredAt(servers).filter(s -> !s.equals(doomed));
            if (moved && now.isPresent()) {
                c.server = now;
                facts.excuses.put(c.name, new ClusterTally.Excuse(facts.killedAt, true, "its server was killed; it "
                        + "moved to " + now.get() + ", which does not resume the room from the stream yet "
                        + "(docs/CLUSTER.md, Status)"));
                facts.moves.add(c.name + " (v2) reconnected through " + c.via + " to " + now.get() + " at +"
                        + RunLog.seconds(log.now()) + " s");
                log.event(c.host, c.name + " is on " + now.get() + " now");
            } else {
                c.server = Optional.empty();
                facts.excuses.put(c.name, new ClusterTally.Excuse(facts.killedAt, true, "its server was killed and it "
                        + "did not get onto another server (see moved: above)"));
                facts.moves.add(c.name + " (v2) did not move to another server within " + ClusterRun.MOVE_TIMEOUT
                        .toSeconds() + " s" + (c.process.alive() ? "" : " (its client exited: "
                        + CrashWatch.lastLine(c.process) + ")"));
            }
        }
    }

    // ---- the partition

    private void partition(LabHost cut) throws TestbedException, InterruptedException {
        List<ClusterClient> behind = clients.stream().filter(c -> c.server.equals(Optional.of(cut))).toList();
        List<ClusterClient> observers = clients.stream().filter(c -> c.v2() && c.server.isPresent()
                && !behind.contains(c) && c.process.alive()).toList();
        facts.cut = cut;
        facts.cutBehind = behind.stream().map(c -> c.name).toList();
        facts.cutObservers = observers.stream().map(c -> c.name).toList();
        Partition.apply(testbed, cut);
        facts.cutAt = log.now();
        log.event(cut, "cut off from the broker (nftables drop on broker, both ways)");
        waits.await("the cut-off server's users to leave the other v2 clients' lists",
                waits.remaining(ClusterNetwork.PRESENCE_TIMEOUT.plusSeconds(15)),
                () -> seen(observers, behind, facts.cutAt, " left", " from ", facts.cutLeftAfter)
                        == observers.size() * behind.size());
        round("during the partition (clients of connected servers only)");
        waits.until(log.origin() + facts.cutAt + ClusterNetwork.PARTITION.toNanos());
        facts.dropped = Partition.dropped(testbed);
        Partition.remove(testbed);
        facts.healedAt = log.now();
        log.event(cut, "the partition is healed (" + facts.dropped + " packets dropped)");
        waits.await("the cut-off server's users to come back into the other v2 clients' lists",
                waits.remaining(ClusterRun.REJOIN_TIMEOUT), () -> {
                    int back = seen(observers, behind, facts.healedAt, " joined", " in ", facts.rejoinedAfter);
                    // A user its server let go meanwhile (see the summary's problems) is not awaited.
                    long letGo = behind.stream().filter(c -> c.letGo(servers).isPresent()).count();
                    return back >= observers.size() * (behind.size() - letGo);
                });
        // Every claim renewal and roster of the healed server runs at least once before the last round.
        waits.until(log.origin() + facts.healedAt + AFTER_HEAL.toNanos());
    }

    /**
     * Notes, for each observer and each subject, when the observer first printed {@code * SUBJECT<what>} at or after
     * {@code from}: {@code "SUBJECT<link>OBSERVER's list"} -> nanoseconds after {@code from}. Returns how many are noted.
     */
    private static int seen(List<ClusterClient> observers, List<ClusterClient> subjects, long from, String what,
            String link, Map<String, Long> into) {
        for (ClusterClient o : observers) {
            for (ClusterClient subject : subjects) {
                o.firstLine(from, l -> l.contains("* " + subject.name + what))
                        .ifPresent(t -> into.put(subject.name + link + o.name + "'s list", t - from));
            }
        }
        return into.size();
    }

    /** At the end: every message at every client that should have it (those said during the partition too). */
    private void awaitAll() throws InterruptedException {
        waits.await("every message to reach every client that should see it",
                waits.remaining(ClusterRun.DELIVERY_TIMEOUT), () -> facts.messages.stream().allMatch(m ->
                        recipients(m).stream().allMatch(c -> c.output().stream().anyMatch(l -> l.contains(m.seenAs())))));
    }
}
