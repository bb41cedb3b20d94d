package chatlab.check.server;

import chatlab.check.Evidence;
import chatlab.check.engine.CheckSession;
import chatlab.check.engine.NotApplicable;
import chatlab.check.engine.RunContext;
import chatlab.check.engine.StartProblem;
import chatlab.check.net.LabSlot;
import chatlab.check.proc.Poll;
import chatlab.check.proc.ProgramProcess;
import chatlab.check.wire.LabPeer;
import chatlab.check.wire.ServerStream;
import chatlab.labpython.LabPythonPrograms;
import chatlab.testbed.Tools;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server check's side of each scenario: the check's own peers (each from an address of its own), the lab's
 * Python clients, and the server under test. The first peer of every scenario makes sure the room is empty
 * (users left over from the scenario before get a moment to leave; if they stay, the server is restarted), so
 * each rule judges its own scenario only.
 */
final class ServerSession implements CheckSession {
    /** The most the clean-up after a scenario waits for one departure to show in a staying client's map. */
    static final Duration DEPARTURE = Duration.ofMillis(300);
    /** The most the whole clean-up waits for departures; the rest then leave at once. */
    static final Duration DEPARTURES = Duration.ofSeconds(2);

    private final RunContext run;
    private final ServerUnderTest server;
    private final List<LabPeer> peers = new ArrayList<>();
    private final List<LabClient> labClients = new ArrayList<>();
    /** Every lab client of the check, for the report. */
    private final List<ProgramProcess> helpers = new ArrayList<>();
    private String scenario = "";
    private ProgramProcess serverAtStart;
    private Optional<String> gaveUp = Optional.empty();
    private int addressesUsed;
    /** The last scenario's witness, still in the room until the next scenario's first client has joined. */
    private LabPeer carried;
    /** The current start of the server registered a scenario's first client in a clean room. */
    private boolean served;

    ServerSession(RunContext run, ServerUnderTest server) {
        this.run = run;
        this.server = server;
    }

    /** Starts the server once for the whole check; a problem is every scenario's. */
    void open() throws InterruptedException {
        try {
            server.start();
        } catch (StartProblem e) {
            gaveUp = Optional.of(e.getMessage());
        }
    }

    /**
     * Restarts a server that exited since the scenario before. A server that cannot be started is not tried again:
     * its problem is every later scenario's evidence.
     */
    @Override
    public Optional<String> prepare(String name) throws InterruptedException {
        scenario = name;
        if (gaveUp.isPresent()) {
            return gaveUp;
        }
        if (!server.alive()) {
            if (carried != null) {
                carried.abort();
                carried = null;
            }
            try {
                server.restart(server.exited().orElse("your server had exited") + " (found before scenario " + name
                        + ")");
                served = false;
            } catch (StartProblem e) {
                gaveUp = Optional.of("the server could not be started again after it exited: " + e.getMessage());
                return gaveUp;
            }
        }
        serverAtStart = server.current();
        return Optional.empty();
    }

    @Override
    public List<Evidence> trouble() {
        if (serverAtStart != null && !serverAtStart.alive()) {
            return List.of(Evidence.of("during this scenario " + server.exited().orElse("your server exited")));
        }
        return List.of();
    }

    /**
     * Ends the scenario's clients one at a time, as people leave: each departure is given a moment to reach a client
     * that stays, the witness (a server that handles several at once may trip over itself, and the lab's own does).
     * The witness itself leaves only once the next scenario's first client is in the room, which then sees the
     * server's map after that departure. Resets, not orderly closes: no empty read to trip a server over after the
     * verdicts, and no TIME_WAIT on the server's side to stop a restart from binding its port.
     */
    @Override
    public void cleanUp() {
        long deadline = System.nanoTime() + DEPARTURES.toNanos();
        List<LabPeer> open;
        synchronized (peers) {
            open = new ArrayList<>(peers.stream().filter(LabPeer::open).toList());
            peers.clear();
        }
        LabPeer witness = open.stream().filter(p -> p.reading() && p.lastMap().isPresent()).findFirst().orElse(null);
        for (LabClient c : labClients) {
            c.process().stop(run.timeouts().stopGrace());
            awaitDeparture(witness, c.name(), deadline);
        }
        labClients.clear();
        for (int i = open.size() - 1; i >= 0; i--) {
            LabPeer p = open.get(i);
            if (p != witness) {
                p.abort();
                awaitDeparture(witness, p.label(), deadline);
            }
        }
        if (carried != null) {
            carried.abort();
        }
        carried = witness;
        synchronized (this) {
            addressesUsed = 0;
        }
    }

    private static void awaitDeparture(LabPeer witness, String name, long deadline) {
        if (witness == null || !witness.open()) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return;
        }
        try {
            Poll.until(Duration.ofNanos(Math.min(left, DEPARTURE.toNanos())),
                    () -> witness.lastMap().map(m -> !m.users().containsKey(name)).orElse(true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    RunContext run() {
        return run;
    }

    Duration step() {
        return run.timeouts().step();
    }

    ServerUnderTest server() {
        return server;
    }

    boolean serverAlive() {
        return server.alive();
    }

    /** Connects a peer from the next free address; it sends nothing yet. */
    LabPeer connect(String label) throws IOException {
        return connect(label, 0, -1);
    }

    LabPeer connect(String label, int receiveBufferBytes, int tallied) throws IOException {
        LabPeer peer = LabPeer.connect(label, nextAddress(), server.address(), receiveBufferBytes, tallied, step());
        addPeer(peer);
        return peer;
    }

    /**
     * A peer to connect and register in the background (ten at once): its address is handed out now, so that
     * addresses stay in order; it sends its name as soon as it is connected (a server that waits for one client's
     * name before it accepts the next needs that), and joins the scenario's peers, to be closed after it.
     */
    java.util.concurrent.Callable<LabPeer> joinLater(String name, Duration connectTimeout) {
        InetAddress address = nextAddress();
        java.net.InetSocketAddress to = server.address();
        return () -> {
            LabPeer peer = LabPeer.connect(name, address, to, 0, -1, connectTimeout);
            addPeer(peer);
            peer.send(name);
            return peer;
        };
    }

    private synchronized InetAddress nextAddress() {
        List<InetAddress> addresses = run.placement().peerAddresses();
        if (addressesUsed >= addresses.size()) {
            throw new IllegalStateException("a scenario may use at most " + addresses.size() + " peers");
        }
        return addresses.get(addressesUsed++);
    }

    private void addPeer(LabPeer peer) {
        synchronized (peers) {
            peers.add(peer);
        }
    }

    /**
     * Connects and registers a peer: sends its name and waits (up to a step) for a user map that lists it. The
     * scenario's first peer also waits for the room to be empty but for itself.
     */
    LabPeer join(String name) throws IOException, InterruptedException {
        return join(name, 0, -1);
    }

    private LabPeer join(String name, int receiveBufferBytes, int tallied) throws IOException, InterruptedException {
        boolean first;
        synchronized (peers) {
            first = peers.isEmpty();
        }
        LabPeer peer = connect(name, receiveBufferBytes, tallied);
        peer.send(name);
        boolean listed = awaitListed(peer, peer);
        if (!first) {
            return peer;
        }
        if (carried != null) {
            carried.abort();
            carried = null;
        }
        String why;
        if (listed) {
            if (Poll.until(run.timeouts().roomSettle(), () -> onlyMember(peer))) {
                served = true;
                return peer;
            }
            why = "at the start of scenario " + scenario + " the room still held users of the scenario before: "
                    + peer.lastMap().map(m -> m.users().keySet().toString()).orElse("?");
        } else if (served) {
            // This start of the server registered clients before: something in an earlier scenario broke it.
            why = "at the start of scenario " + scenario + " the server no longer registered " + name
                    + ", as it did before (" + (peer.open() ? "no map came" : "its connection was " + peer.ended()) + ")";
        } else {
            return peer;
        }
        peer.abort();
        synchronized (peers) {
            peers.remove(peer);
        }
        try {
            server.restart(why);
        } catch (StartProblem e) {
            throw new IOException(e.getMessage(), e);
        }
        serverAtStart = server.current();
        served = false;
        LabPeer again = connect(name, receiveBufferBytes, tallied);
        again.send(name);
        served = awaitListed(again, again);
        return again;
    }

    /** {@link #join} for a peer that counts one byte value as it arrives (the slow-reader scenario's filler). */
    LabPeer joinTallying(String name, int tallied) throws IOException, InterruptedException {
        return join(name, 0, tallied);
    }

    /** {@link #join} for a peer with a small receive buffer. */
    LabPeer joinSlow(String name, int receiveBufferBytes) throws IOException, InterruptedException {
        return join(name, receiveBufferBytes, -1);
    }

    /** Waits (up to a step) until {@code observer} has received a map listing {@code member}'s name. */
    boolean awaitListed(LabPeer observer, LabPeer member) throws InterruptedException {
        return awaitListed(observer, member.label());
    }

    boolean awaitListed(LabPeer observer, String name) throws InterruptedException {
        return Poll.until(step(), () -> observer.lastMap().map(m -> m.users().containsKey(name)).orElse(false));
    }

    private static boolean onlyMember(LabPeer peer) {
        return peer.lastMap().map(m -> m.users().keySet().equals(java.util.Set.of(peer.label()))).orElse(false);
    }

    /** Waits until each peer's last map is {@code expected} (names and addresses); true when all got there. */
    boolean awaitMaps(Map<String, String> expected, List<LabPeer> members) throws InterruptedException {
        return awaitMaps(expected, members, step());
    }

    boolean awaitMaps(Map<String, String> expected, List<LabPeer> members, Duration timeout) throws InterruptedException {
        return Poll.until(timeout, () -> members.stream().allMatch(p -> p.lastMap()
                .map(m -> m.users().equals(expected)).orElse(false)));
    }

    /** The room as the lab's server would list it: each peer's name and address, in order. */
    static Map<String, String> room(List<LabPeer> members) {
        Map<String, String> map = new LinkedHashMap<>();
        members.forEach(p -> map.put(p.label(), p.address()));
        return map;
    }

    /** Waits (up to a step) until the peer's text after {@code mark} contains {@code part}. */
    boolean awaitText(LabPeer peer, int mark, String part) throws InterruptedException {
        return Poll.until(step(), () -> peer.textFrom(mark).contains(part));
    }

    /** Maps received after the mark. */
    static List<ServerStream.MapItem> mapsFrom(LabPeer peer, int mark) {
        return peer.stream().mapsFrom(mark);
    }

    /**
     * Starts the lab's Python client on the next lab host and types its name; throws {@link NotApplicable} when
     * there is no Python to run it.
     */
    LabClient labClient(String name) throws IOException, NotApplicable {
        String python = run.request().python();
        if (Tools.find(python).isEmpty() && !python.contains("/")) {
            throw new NotApplicable("this scenario runs the lab's own Python client, and " + python
                    + " is not installed (on Debian: apt-get install python3)");
        }
        List<LabSlot> slots = run.placement().programSlots();
        if (labClients.size() >= slots.size()) {
            throw new IllegalStateException("only " + slots.size() + " lab hosts for the lab's clients");
        }
        LabSlot slot = slots.get(labClients.size());
        List<String> command = List.of(python, "-u", run.labPrograms().resolve(LabPythonPrograms.CLIENT).toString());
        ProgramProcess process = ProgramProcess.start("lab-client-" + name, run.placement().wrap(slot, command),
                run.placement().environment(slot, server.port()), run.outputDir(), run.origin());
        LabClient client = new LabClient(name, slot, process);
        labClients.add(client);
        helpers.add(process);
        process.type(name);
        return client;
    }

    /** The lab's clients that ran, for their transcripts. */
    List<ProgramProcess> helpers() {
        return List.copyOf(helpers);
    }

    /** Closes the scenario's peers and stops the server, for the end of the check. */
    void close() {
        cleanUp();
        if (carried != null) {
            carried.abort();
            carried = null;
        }
        server.close();
    }
}
