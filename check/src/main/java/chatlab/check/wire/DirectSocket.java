package chatlab.check.wire;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A UDP socket on the lab's direct-message port, as every lab client has one: it records every datagram that
 * arrives (with its source) and sends datagrams from that port, as the lab's client does.
 */
public final class DirectSocket implements AutoCloseable {
    /** The lab's client reads direct messages with {@code recvfrom(1024)}; more room costs nothing here. */
    private static final int MAX_DATAGRAM_BYTES = 65_535;

    /** One datagram that arrived. */
    public record Datagram(String fromAddress, int fromPort, byte[] payload, long atNanos) {}

    private final String label;
    private final DatagramSocket socket;
    private final List<Datagram> received = new ArrayList<>();

    private DirectSocket(String label, DatagramSocket socket) {
        this.label = label;
        this.socket = socket;
        Thread reader = new Thread(this::readLoop, "check-udp-" + label);
        reader.setDaemon(true);
        reader.start();
    }

    /** Binds {@code address:port}; SO_REUSEADDR as the lab's client sets it. */
    public static DirectSocket bind(String label, InetAddress address, int port) throws SocketException {
        DatagramSocket socket = new DatagramSocket(null);
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
        } catch (SocketException e) {
            socket.close();
            throw e;
        }
        return new DirectSocket(label, socket);
    }

    private void readLoop() {
        byte[] buffer = new byte[MAX_DATAGRAM_BYTES];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return;
            }
            Datagram d = new Datagram(packet.getAddress().getHostAddress(), packet.getPort(),
                    Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength()),
                    System.nanoTime());
            synchronized (received) {
                received.add(d);
            }
        }
    }

    public String label() {
        return label;
    }

    public void send(byte[] payload, InetAddress to, int port) throws IOException {
        socket.send(new DatagramPacket(payload, payload.length, to, port));
    }

    public int mark() {
        synchronized (received) {
            return received.size();
        }
    }

    public List<Datagram> from(int mark) {
        synchronized (received) {
            return List.copyOf(received.subList(Math.min(mark, received.size()), received.size()));
        }
    }

    public String address() {
        return socket.getLocalAddress().getHostAddress();
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        socket.close();
    }
}
