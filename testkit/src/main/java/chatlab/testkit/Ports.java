package chatlab.testkit;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Free ports for tests. The lab uses one port number for the server's TCP socket and every client's UDP socket,
 * so a test that runs the lab programs needs a number free for both.
 */
public final class Ports {
    private Ports() {}

    /** A port free for TCP on the loopback and for UDP on each of {@code udpAddresses}. */
    public static int freeForTcpAndUdp(InetAddress... udpAddresses) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                port = probe.getLocalPort();
            } catch (IOException e) {
                continue;
            }
            if (udpFree(port, udpAddresses)) {
                return port;
            }
        }
        throw new IllegalStateException("no port free for both TCP and UDP after 50 attempts");
    }

    private static boolean udpFree(int port, InetAddress... addresses) {
        for (InetAddress address : addresses) {
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, port))) {
                // Bound and released: free.
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** 127.0.0.N: each lab client gets its own loopback address, so direct messages reach the right one. */
    public static InetAddress loopback(int lastOctet) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
