package chatlab.testkit;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the kernel holds for one TCP socket of this network namespace, from {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6} (proc(5)): lets a test observe that a server has read what was sent to it, which no
 * byte on the wire shows.
 */
public final class TcpQueues {
    /**
     * @param sendQueue    bytes written but not yet acknowledged by the peer's kernel
     * @param receiveQueue bytes the kernel received that the program has not read yet
     */
    public record Queues(long sendQueue, long receiveQueue) {}

    private TcpQueues() {}

    /** The queues of the socket from {@code local} to {@code remote} (IPv4 only), when the kernel lists it. */
    public static Optional<Queues> of(InetSocketAddress local, InetSocketAddress remote) {
        String v4 = row(local) + " " + row(remote);
        // An IPv4 connection to a socket bound to :: is listed in tcp6 with IPv4-mapped addresses.
        String mapped = "0000000000000000FFFF0000" + row(local) + " 0000000000000000FFFF0000" + row(remote);
        for (String file : List.of("tcp", "tcp6")) {
            List<String> rows;
            try {
                rows = Files.readAllLines(Path.of("/proc/net", file));
            } catch (IOException e) {
                continue;
            }
            for (String line : rows) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length < 5) {
                    continue;
                }
                String pair = fields[1] + " " + fields[2];
                if (pair.equals(v4) || pair.equals(mapped)) {
                    String[] queues = fields[4].split(":");
                    return Optional.of(new Queues(Long.parseLong(queues[0], 16), Long.parseLong(queues[1], 16)));
                }
            }
        }
        return Optional.empty();
    }

    /** ADDR:PORT as proc(5) writes it: each 32-bit word of the address in the machine's byte order, then the port. */
    private static String row(InetSocketAddress address) {
        if (!(address.getAddress() instanceof Inet4Address)) {
            throw new IllegalArgumentException("only IPv4 sockets are looked up, got " + address);
        }
        byte[] b = address.getAddress().getAddress();
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            text.append(String.format(Locale.ROOT, "%02X", b[little ? 3 - i : i] & 0xFF));
        }
        return text + String.format(Locale.ROOT, ":%04X", address.getPort());
    }
}
