package chatlab.check.net;

import chatlab.check.Network;
import chatlab.testbed.Tools;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where everything of a check runs and which addresses it uses: the lab's network in namespaces
 * ({@link #namespaces}), or the loopback ({@link #local}). The check's own peers connect from
 * {@link #peerAddresses}; the lab's Python clients (server check) and the clients under test (client check) run in
 * {@link #programSlots}.
 */
public final class Placement {
    /** Addresses of the check's own peers: the last byte from here on, 20 of them (ten join at once, plus others). */
    public static final int FIRST_PEER_HOST_BYTE = 21;
    public static final int PEER_COUNT = 20;

    private final Network network;
    private final LabSlot serverSlot;
    private final String serverName;
    private final int port;
    private final int udpPort;
    private final List<InetAddress> peers;
    private final List<LabSlot> programSlots;

    private Placement(Network network, LabSlot serverSlot, String serverName, int port, int udpPort,
            List<InetAddress> peers, List<LabSlot> programSlots) {
        this.network = network;
        this.serverSlot = serverSlot;
        this.serverName = serverName;
        this.port = port;
        this.udpPort = udpPort;
        this.peers = List.copyOf(peers);
        this.programSlots = List.copyOf(programSlots);
    }

    /**
     * The lab's network: the server on webserver, found as chat.ttm4200.com, port 5000 for TCP and UDP; the peers'
     * addresses in 10.20.30.0/24 on the namespace the check's engine runs in.
     *
     * @param programSlots the lab hosts for the other programs, with their namespaces
     */
    public static Placement namespaces(LabSlot serverSlot, String serverName, int port, String peerNetwork,
            List<LabSlot> programSlots) {
        return new Placement(Network.NAMESPACES, serverSlot, serverName, port, port, peerRange(peerNetwork),
                programSlots);
    }

    /**
     * The loopback: the server at {@code host} (port 0: a free one at each start), the peers at 127.0.0.21 and up,
     * the other programs at 127.0.0.11 and up (Linux routes all of 127.0.0.0/8 to the loopback).
     */
    public static Placement local(String host, int port, int udpPort, int programCount) {
        List<LabSlot> slots = new ArrayList<>();
        for (int i = 0; i < programCount; i++) {
            slots.add(new LabSlot("client" + (i + 1), "127.0.0." + (11 + i), Optional.empty()));
        }
        return new Placement(Network.LOCAL, new LabSlot("server", host, Optional.empty()), host, port,
                udpPort, peerRange("127.0.0."), slots);
    }

    private static List<InetAddress> peerRange(String network) {
        List<InetAddress> addresses = new ArrayList<>();
        for (int i = 0; i < PEER_COUNT; i++) {
            try {
                addresses.add(InetAddress.getByName(network + (FIRST_PEER_HOST_BYTE + i)));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an address: " + network + (FIRST_PEER_HOST_BYTE + i), e);
            }
        }
        return addresses;
    }

    public Network network() {
        return network;
    }

    public LabSlot serverSlot() {
        return serverSlot;
    }

    /** What clients are told to connect to: chat.ttm4200.com in the lab's network, the address on the loopback. */
    public String serverName() {
        return serverName;
    }

    /** The server's TCP port; 0 on the loopback when a free one is chosen at each start. */
    public int port() {
        return port;
    }

    /** The port of direct messages for a server listening on {@code tcpPort}: the lab uses the same number. */
    public int udpPort(int tcpPort) {
        return udpPort > 0 ? udpPort : tcpPort;
    }

    public List<InetAddress> peerAddresses() {
        return peers;
    }

    public List<LabSlot> programSlots() {
        return programSlots;
    }

    /**
     * The command line that runs {@code command} in {@code slot} as the leader of a session (and so of a process
     * group) of its own: in the lab's network inside the host's namespace, with the host's name as its host name
     * (a UTS namespace of its own: {@code gethostbyname(gethostname())} then finds the host's address in the hosts
     * file the check wrote), and with line-buffered output where {@code stdbuf} can give it. {@code setsid}, {@code
     * ip netns exec}, {@code unshare} and {@code sh} all replace themselves, so the process's PID is the program's.
     */
    public List<String> wrap(LabSlot slot, List<String> command) {
        List<String> full = new ArrayList<>(List.of("setsid"));
        if (slot.namespace().isPresent()) {
            full.addAll(List.of("ip", "netns", "exec", slot.namespace().get(), "unshare", "--uts", "sh", "-c",
                    "hostname \"$0\" && exec \"$@\"", slot.host()));
        }
        if (Tools.find("stdbuf").isPresent()) {
            // C and other stdio programs buffer a pipe in blocks; this asks for lines (Python: PYTHONUNBUFFERED).
            full.addAll(List.of("stdbuf", "-oL", "-eL"));
        }
        full.addAll(command);
        return full;
    }

    /**
     * The environment of a program: unbuffered, UTF-8 Python output for any program; on the loopback also the
     * addresses the lab's programs would find themselves ({@code CHAT_SERVER_IP}, {@code CHAT_SERVER},
     * {@code CHAT_CLIENT_IP}, {@code CHAT_PORT}, as chatlab's copies of the lab programs read them).
     */
    public Map<String, String> environment(LabSlot slot, int serverPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PYTHONIOENCODING", "utf-8");
        env.put("NO_COLOR", "1");
        if (System.getenv("LANG") == null) {
            env.put("LANG", "C.UTF-8");
        }
        if (network == Network.LOCAL) {
            env.put("CHAT_SERVER_IP", serverSlot.address());
            env.put("CHAT_SERVER", serverName);
            env.put("CHAT_CLIENT_IP", slot.address());
            env.put("CHAT_PORT", Integer.toString(serverPort));
        }
        return env;
    }

    /** The placeholder values for a program in {@code slot}. */
    public Map<String, String> placeholders(LabSlot slot, int serverPort, String name) {
        return CommandTemplate.values(serverSlot.address(), serverName, serverPort, udpPort(serverPort),
                slot.address(), name);
    }
}
