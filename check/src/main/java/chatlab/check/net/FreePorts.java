package chatlab.check.net;

import chatlab.check.proc.ProcFiles;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a server on the loopback, picked at random below the kernel's ephemeral range: a port the system hands
 * out for bind(0) can be taken by any outgoing connection (and checks make many) between the moment it is picked
 * and the moment the program under test binds it; below the range only another program that picks a fixed port
 * can. The port must be free for TCP on the server's address and for UDP on every address (the lab's clients bind
 * their UDP socket to the same number).
 */
public final class FreePorts {
    /** The lowest port picked; under 1024 would need root. */
    static final int LOWEST = 20_000;
    /** Where Linux's ephemeral range begins by default (net.ipv4.ip_local_port_range). */
    static final int DEFAULT_EPHEMERAL_LOW = 32_768;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int TRIES = 200;

    private FreePorts() {}

    public static int pick(InetAddress host) throws IOException {
        int high = ephemeralLow() - 1;
        if (high <= LOWEST) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(host, 0));
                return socket.getLocalPort();
            }
        }
        for (int i = 0; i < TRIES; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, high + 1);
            if (free(host, port)) {
                return port;
            }
        }
        throw new IOException("no free port between " + LOWEST + " and " + high + " on " + host.getHostAddress());
    }

    static boolean free(InetAddress host, int port) {
        try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(null)) {
            tcp.bind(new InetSocketAddress(host, port));
            udp.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int ephemeralLow() {
        try {
            return Integer.parseInt(ProcFiles.read(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }
}
