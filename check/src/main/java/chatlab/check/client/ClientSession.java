package chatlab.check.client;

import chatlab.check.Evidence;
import chatlab.check.engine.ChatUser;
import chatlab.check.engine.CheckSession;
import chatlab.check.engine.NotApplicable;
import chatlab.check.engine.RunContext;
import chatlab.check.net.CommandTemplate;
import chatlab.check.net.FreePorts;
import chatlab.check.net.LabSlot;
import chatlab.check.proc.Poll;
import chatlab.check.proc.ProgramProcess;
import chatlab.check.wire.DirectSocket;
import chatlab.check.wire.LabPeer;
import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The client check's side of each scenario: chatlab's own server (in this JVM, at the lab's webserver address, or
 * the loopback), the check's peers with their UDP sockets for direct messages, a UDP socket at the server's address
 * that catches direct messages sent there by mistake, and the copies of the client under test. All of it is new
 * for every scenario.
 */
final class ClientSession implements CheckSession {

    /** One of the check's peers: its lab-wire connection and its direct-message socket, at one address. */
    record Peer(LabPeer tcp, DirectSocket udp) {
        String name() {
            return tcp.label();
        }

        String address() {
            return tcp.address();
        }
    }

    private final RunContext run;
    private final List<Peer> peers = new ArrayList<>();
    private final List<DirectSocket> sockets = new ArrayList<>();
    private final List<ChatUser> clients = new ArrayList<>();
    private final List<ProgramProcess> started = new ArrayList<>();
    private final List<String> serverLog = new ArrayList<>();
    private ChatServer server;
    private DirectSocket catcher;
    private int port;
    private int addressesUsed;
    private String scenario = "";

    ClientSession(RunContext run) {
        this.run = run;
    }

    /** Starts chatlab's server and the catcher at the server's address. */
    @Override
    public Optional<String> prepare(String scenario) throws InterruptedException {
        this.scenario = scenario;
        String host = run.placement().serverSlot().address();
        try {
            InetAddress address = InetAddress.getByName(host);
            port = run.placement().port() > 0 ? run.placement().port() : FreePorts.pick(address);
            server = ChatServer.start(ServerConfig.defaults().withBindAddresses(List.of(address)).withPort(port),
                    recorder());
            catcher = DirectSocket.bind("the server's address", address, udpPort());
        } catch (IOException | RuntimeException e) {
            cleanUp();
            return Optional.of("the check could not start chatlab's server at " + host + " port " + port + ": "
                    + e.getMessage());
        }
        return Optional.empty();
    }

    private ServerEvents recorder() {
        return new ServerEvents() {
            @Override
            public void joined(String name, String address) {
                log("joined: " + name + " from " + address);
            }

            @Override
            public void left(String name, String address, String reason) {
                log("left: " + name + " (" + reason + ")");
            }

            @Override
            public void refused(String who, String reason) {
                log("refused a message of " + who + ": " + reason);
            }

            @Override
            public void disconnected(SocketAddress remote, String reason) {
                log("disconnected " + remote + " before it registered: " + reason);
            }
        };
    }

    private void log(String line) {
        synchronized (serverLog) {
            serverLog.add(line);
        }
    }

    /** What chatlab's server said about the scenario's clients (joins, refusals), for evidence. */
    List<String> serverLog() {
        synchronized (serverLog) {
            return List.copyOf(serverLog);
        }
    }

    @Override
    public List<Evidence> trouble() {
        List<Evidence> trouble = new ArrayList<>();
        for (ChatUser c : clients) {
            if (!c.process().alive() && c.process().stopped().isEmpty()) {
                List<String> last = c.process().lastPrinted(4);
                trouble.add(Evidence.of(c.name() + "'s client exited with status " + c.process().exitStatus().orElse(-1)
                        + (last.isEmpty() ? "" : "; its last output: " + String.join(" | ", last))));
            }
        }
        serverLog().stream().filter(l -> l.startsWith("refused")).forEach(l -> trouble.add(Evidence.of(
                "chatlab's server " + l)));
        return trouble;
    }

    @Override
    public void cleanUp() {
        for (ChatUser c : clients) {
            c.process().stop(run.timeouts().stopGrace());
        }
        clients.clear();
        peers.forEach(p -> p.tcp().abort());
        peers.clear();
        sockets.forEach(DirectSocket::close);
        sockets.clear();
        if (catcher != null) {
            catcher.close();
            catcher = null;
        }
        stopServer();
        synchronized (serverLog) {
            serverLog.clear();
        }
        addressesUsed = 0;
    }

    /** Stops chatlab's server: it tells every client it is shutting down and closes them. */
    void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    RunContext run() {
        return run;
    }

    /** How long a password prompt waits for the name it follows to be listed before it is answered anyway. */
    static final Duration PASSWORD_AFTER_NAME = Duration.ofSeconds(2);

    Duration step() {
        return run.timeouts().step();
    }

    int udpPort() {
        return run.placement().udpPort(port);
    }

    /** The UDP socket at the server's address: direct messages sent to the server by mistake land here. */
    DirectSocket catcher() {
        return catcher;
    }

    List<ProgramProcess> started() {
        return List.copyOf(started);
    }

    /** A peer joins from the next address: connected, registered (a map lists it), with its UDP socket bound. */
    Peer join(String name) throws IOException, InterruptedException {
        InetAddress address = nextAddress();
        LabPeer tcp = LabPeer.connect(name, address, new InetSocketAddress(InetAddress.getByName(
                run.placement().serverSlot().address()), port), 0, -1, step());
        DirectSocket udp = DirectSocket.bind(name, address, udpPort());
        Peer peer = new Peer(tcp, udp);
        peers.add(peer);
        tcp.send(name);
        Poll.until(step(), () -> listed(tcp, name));
        return peer;
    }

    /** A UDP socket at an address no user has, for a direct message from someone the client does not know. */
    DirectSocket stranger() throws IOException {
        DirectSocket socket = DirectSocket.bind("a stranger", nextAddress(), udpPort());
        sockets.add(socket);
        return socket;
    }

    private InetAddress nextAddress() {
        return run.placement().peerAddresses().get(addressesUsed++);
    }

    static boolean listed(LabPeer observer, String name) {
        return observer.lastMap().map(m -> m.users().containsKey(name)).orElse(false);
    }

    /**
     * Starts the next copy of the client under test and registers it as {@code name}: the name is typed (or given
     * in {@code {name}}), and {@code --password} when the client's last printed line asks for one. Waits until
     * {@code witness} sees the name in a map, at most a step (two when a password was asked for).
     */
    ChatUser start(String name, LabPeer witness) throws IOException, InterruptedException, NotApplicable {
        List<LabSlot> slots = run.placement().programSlots();
        if (clients.size() >= slots.size()) {
            throw new NotApplicable("this scenario needs " + (clients.size() + 1) + " copies of the client; run with "
                    + "--copies " + (clients.size() + 1));
        }
        LabSlot slot = slots.get(clients.size());
        CommandTemplate template = new CommandTemplate(run.request().command());
        List<String> words = template.expand(run.placement().placeholders(slot, port, name));
        ProgramProcess process = ProgramProcess.start("client-" + scenario + "-" + name, run.placement().wrap(slot, words),
                run.placement().environment(slot, port), run.outputDir(), run.origin());
        started.add(process);
        ChatUser client = new ChatUser(name, slot, process, run.request().password());
        clients.add(client);
        if (!template.uses("name")) {
            process.type(name);
        }
        // A client may ask for a password (the lab's optional exercise), before or after it sends the name; a
        // prompt that shows later is answered before the next line is typed (ChatUser#type).
        Poll.until(step(), () -> listed(witness, name) || !process.alive() || client.asksPassword());
        if (client.asksPassword() && !listed(witness, name)) {
            // A client that sends its name and then asks for a password: a server that asks for none must get the
            // name alone (the lab wire has no delimiter, so a password answered at once could share its read and
            // register "alicesecret"). Answer once the name is listed, or after a moment when the server waits for
            // the password (or the client asked before it sent the name).
            Poll.until(PASSWORD_AFTER_NAME, () -> listed(witness, name) || !process.alive());
        }
        if (client.answerPasswordPrompt()) {
            Poll.until(step(), () -> listed(witness, name) || !process.alive());
        }
        return client;
    }

}
