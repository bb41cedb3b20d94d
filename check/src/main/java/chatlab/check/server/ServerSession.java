package chatlab.check.server;

import chatlab.check.Evidence;
import chatlab.check.engine.ChatUser;
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
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The server check's side of each scenario: the check's own peers (each from an address of its own), the lab's
 * Python clients, and the server under test, started afresh for every scenario so that each rule judges its own
 * scenario only: nothing a scenario leaves behind (a user the server never removed, a thread it lost) reaches the
 * next one.
 */
final class ServerSession implements CheckSession {
    /** How long a server that stopped listening gets for its exit to show. */
    static final Duration EXIT_NOTICE = Duration.ofMillis(500);

    private final RunContext run;
    private final ServerUnderTest server;
    private final List<LabPeer> peers = new ArrayList<>();
    private final List<ChatUser> labClients = new ArrayList<>();
    /** Every lab client of the check, for the report. */
    private final List<ProgramProcess> helpers = new ArrayList<>();
    private ProgramProcess serverAtStart;
    /** Set when the server never started at all: every scenario has that problem and no start is tried again. */
    private Optional<String> gaveUp = Optional.empty();
    private int addressesUsed;

    ServerSession(RunContext run, ServerUnderTest server) {
        this.run = run;
        this.server = server;
    }

    /** Starts the server for the scenario; a server that never started once is not tried again. */
    @Override
    public Optional<String> prepare(String name) throws InterruptedException {
        if (gaveUp.isPresent()) {
            return gaveUp;
        }
        try {
            server.start(name);
        } catch (StartProblem e) {
            server.close();
            if (!server.listenedOnce()) {
                gaveUp = Optional.of(e.getMessage());
            }
            return Optional.of(e.getMessage());
        }
        serverAtStart = server.current();
        return Optional.empty();
    }

    @Override
    public List<Evidence> trouble() {
        if (serverAtStart == null) {
            return List.of();
        }
        // A server that no longer listens may be on its way out: give its exit a moment to be seen.
        if (!server.listening()) {
            try {
                Poll.until(EXIT_NOTICE, () -> !serverAtStart.alive());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!serverAtStart.alive() && serverAtStart.stopped().isEmpty()) {
            return List.of(Evidence.of("during this scenario " + server.exited().orElse("your server exited")));
        }
        return List.of();
    }

    /**
     * Ends the scenario: the lab's clients exit, the peers reset their connections (no TIME_WAIT is left on the
     * server's side, so its next start can bind the port again), and the server is stopped with its process group.
     */
    @Override
    public void cleanUp() {
        for (ChatUser c : labClients) {
            c.process().stop(run.timeouts().stopGrace());
        }
        labClients.clear();
        synchronized (peers) {
            peers.forEach(LabPeer::abort);
            peers.clear();
        }
        synchronized (this) {
            addressesUsed = 0;
        }
        server.close();
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
        LabPeer peer;
        try {
            peer = LabPeer.connect(label, nextAddress(), server.address(), receiveBufferBytes, tallied, step());
        } catch (ConnectException e) {
            throw refused(e);
        }
        addPeer(peer);
        return peer;
    }

    /** A refused connection, said better when the server listens on its port, only not at the address asked. */
    private ConnectException refused(ConnectException e) {
        if (!server.listening()) {
            return e;
        }
        ConnectException better = new ConnectException(e.getMessage() + " at "
                + server.address().getAddress().getHostAddress() + " port " + server.port() + ", although the server "
                + "listens on port " + server.port() + ": it listens on another address (127.0.0.1?); the lab's "
                + "server binds gethostbyname(gethostname()), its host's address");
        better.initCause(e);
        return better;
    }

    /**
     * A peer to connect and register in the background (ten at once): its address is handed out now, so that
     * addresses stay in order; it sends its name as soon as it is connected (a server that waits for one client's
     * name before it accepts the next needs that), and joins the scenario's peers, to be closed after it.
     */
    Callable<LabPeer> joinLater(String name, Duration connectTimeout) {
        InetAddress address = nextAddress();
        InetSocketAddress to = server.address();
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
        LabPeer peer = connect(name, receiveBufferBytes, tallied);
        peer.send(name);
        awaitListed(peer, peer);
        return peer;
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

    /**
     * Starts the lab's Python client on the next lab host and types its name; throws {@link NotApplicable} when
     * there is no Python to run it.
     */
    ChatUser labClient(String name) throws IOException, NotApplicable {
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
        ChatUser client = new ChatUser(name, slot, process, run.request().password());
        labClients.add(client);
        helpers.add(process);
        process.type(name);
        return client;
    }

    /** The lab's clients that ran, for their transcripts. */
    List<ProgramProcess> helpers() {
        return List.copyOf(helpers);
    }

    /** Closes whatever is still open, for the end of the check. */
    void close() {
        cleanUp();
    }
}
