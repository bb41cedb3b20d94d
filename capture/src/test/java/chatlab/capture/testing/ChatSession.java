package chatlab.capture.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes chat sessions as packets on one clock: TCP connections (handshake, each write as one PSH segment answered
 * by an ACK, close) to a server, and UDP datagrams between hosts; then writes the lot as a pcap (Ethernet).
 * Connections may interleave, as several clients do in one capture.
 */
public final class ChatSession {
    private final List<LabScenario.Item> items = new ArrayList<>();
    private final String serverAddress;
    private final int serverPort;
    private long now = LabScenario.START_NANOS;

    public ChatSession(String serverAddress, int serverPort) {
        this.serverAddress = serverAddress;
        this.serverPort = serverPort;
    }

    /** One TCP connection of a client to the server. */
    public final class Connection {
        private final PacketBuilder up;
        private final PacketBuilder down;
        private final int clientPort;
        private long c;
        private long s;

        private Connection(String clientAddress, int clientPort, long clientIsn, long serverIsn) {
            this.up = new PacketBuilder().addresses(clientAddress, serverAddress);
            this.down = up.reversed();
            this.clientPort = clientPort;
            this.c = clientIsn;
            this.s = serverIsn;
            add(up.tcp(clientPort, serverPort, c, 0, 0x002, 64240, 7, new byte[0]));
            add(down.tcp(serverPort, clientPort, s, c + 1, 0x012, 65160, 7, new byte[0]));
            c++;
            s++;
            add(up.tcp(clientPort, serverPort, c, s, 0x010, 502, -1, new byte[0]));
        }

        /** The client writes these bytes (one segment), and the server acknowledges them. */
        public Connection client(String text) {
            return client(text.getBytes(StandardCharsets.UTF_8));
        }

        public Connection client(byte[] data) {
            add(up.tcp(clientPort, serverPort, c, s, 0x018, 502, -1, data));
            c += data.length;
            add(down.tcp(serverPort, clientPort, s, c, 0x010, 509, -1, new byte[0]));
            return this;
        }

        /** The server writes these bytes (one segment), and the client acknowledges them. */
        public Connection server(String text) {
            byte[] data = text.getBytes(StandardCharsets.UTF_8);
            add(down.tcp(serverPort, clientPort, s, c, 0x018, 509, -1, data));
            s += data.length;
            add(up.tcp(clientPort, serverPort, c, s, 0x010, 502, -1, new byte[0]));
            return this;
        }

        /** The server's bytes split over two segments, the first without PSH. */
        public Connection serverSplit(String text, int at) {
            byte[] data = text.getBytes(StandardCharsets.UTF_8);
            byte[] first = java.util.Arrays.copyOfRange(data, 0, at);
            byte[] second = java.util.Arrays.copyOfRange(data, at, data.length);
            add(down.tcp(serverPort, clientPort, s, c, 0x010, 509, -1, first));
            s += first.length;
            add(down.tcp(serverPort, clientPort, s, c, 0x018, 509, -1, second));
            s += second.length;
            add(up.tcp(clientPort, serverPort, c, s, 0x010, 502, -1, new byte[0]));
            return this;
        }

        /** The client closes, the server closes too. */
        public void close() {
            add(up.tcp(clientPort, serverPort, c, s, 0x011, 502, -1, new byte[0]));
            add(down.tcp(serverPort, clientPort, s, c + 1, 0x011, 509, -1, new byte[0]));
            add(up.tcp(clientPort, serverPort, c + 1, s + 1, 0x010, 502, -1, new byte[0]));
        }
    }

    public Connection connect(String clientAddress, int clientPort) {
        return new Connection(clientAddress, clientPort, 1_000_000L * (items.size() + 1), 7_000_000L * (items.size() + 1));
    }

    /** A UDP datagram from one host and port to another. */
    public ChatSession udp(String from, int fromPort, String to, int toPort, String text) {
        add(new PacketBuilder().addresses(from, to).udp(fromPort, toPort, text.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    private void add(byte[] packet) {
        now += 100_000; // 0.1 ms between packets
        items.add(new LabScenario.Item(now, packet, false));
    }

    public List<LabScenario.Item> items() {
        return items;
    }

    public Path writePcap(Path file) throws IOException {
        try (CaptureWriter w = CaptureWriter.pcap(file, 1)) {
            for (LabScenario.Item i : items) {
                w.packet(i.nanos(), i.bytes());
            }
        }
        return file;
    }
}
