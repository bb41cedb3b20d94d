package chatlab.testbed;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sockets of one network namespace, read from {@code /proc/PID/net/{tcp,tcp6,udp,udp6}} of a process inside
 * it: no command is run and nothing is sent, so reading them never disturbs a capture.
 */
public final class SocketTable {
    /** TCP states as the kernel numbers them in /proc/net/tcp. */
    static final int ESTABLISHED = 0x01;
    static final int CLOSE_WAIT = 0x08;
    public static final int LISTEN = 0x0A;

    /**
     * One socket.
     *
     * @param tcp          TCP (else UDP)
     * @param localPort    its local port
     * @param remote       the peer's address (IPv4-mapped IPv6 shown as dotted IPv4)
     * @param remotePort   the peer's port
     * @param state        the kernel's state number
     * @param sendQueue    bytes written but not yet acknowledged (TCP) or queued (UDP)
     * @param receiveQueue bytes received but not yet read by the program (for a listener: connections not yet
     *                     accepted)
     */
    public record Socket(boolean tcp, int localPort, String remote, int remotePort, int state, long sendQueue,
            long receiveQueue) {
        boolean idle() {
            return sendQueue == 0 && receiveQueue == 0;
        }
    }

    private SocketTable() {}

    /** Every TCP and UDP socket in the namespace of {@code pid}; empty when the process is gone. */
    public static List<Socket> read(long pid) {
        List<Socket> sockets = new ArrayList<>();
        for (String file : new String[] {"tcp", "tcp6", "udp", "udp6"}) {
            Path path = Path.of("/proc", Long.toString(pid), "net", file);
            List<String> lines;
            try {
                lines = Files.readAllLines(path);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                continue;
            }
            for (int i = 1; i < lines.size(); i++) {
                Socket socket = parse(lines.get(i), file.startsWith("tcp"));
                if (socket != null) {
                    sockets.add(socket);
                }
            }
        }
        return sockets;
    }

    /** Parses one row such as {@code 0: 0300140A:1388 0B1E140A:9C4E 01 00000000:00000000 ...}. */
    static Socket parse(String row, boolean tcp) {
        String[] fields = row.trim().split("\\s+");
        if (fields.length < 5) {
            return null;
        }
        try {
            String[] local = fields[1].split(":");
            String[] remote = fields[2].split(":");
            String[] queues = fields[4].split(":");
            return new Socket(tcp, Integer.parseInt(local[1], 16), address(remote[0]), Integer.parseInt(remote[1], 16),
                    Integer.parseInt(fields[3], 16), Long.parseLong(queues[0], 16), Long.parseLong(queues[1], 16));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The kernel prints each 32-bit word of the address in the machine's byte order. */
    static String address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int from = word * 4 + (little ? 3 - i : i);
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(from * 2, from * 2 + 2), 16);
            }
        }
        if (bytes.length == 4) {
            return dotted(bytes, 0);
        }
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= bytes[i] == 0;
        }
        if (mapped && (bytes[10] & 0xFF) == 0xFF && (bytes[11] & 0xFF) == 0xFF) {
            return dotted(bytes, 12);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                text.append(':');
            }
            text.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF)));
        }
        return text.toString();
    }

    private static String dotted(byte[] bytes, int from) {
        return (bytes[from] & 0xFF) + "." + (bytes[from + 1] & 0xFF) + "." + (bytes[from + 2] & 0xFF) + "."
                + (bytes[from + 3] & 0xFF);
    }
}
