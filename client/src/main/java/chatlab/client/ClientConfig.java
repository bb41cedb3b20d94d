package chatlab.client;

import chatlab.protocol.lab.LabFormat;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * How to run a client.
 *
 * @param server      DNS name or address of the chat server
 * @param port        the server's TCP port
 * @param bindAddress local address for the TCP connection and the UDP socket; empty for the system's choice
 * @param udpPort     local UDP port for direct messages, and the port peers are sent to (the lab uses one port)
 * @param minSendGap  least time between two chatroom messages: the lab wire has no framing, so a lab server
 *                    reading with {@code recv()} would glue messages sent back to back into one
 */
public record ClientConfig(
        String server, int port, Optional<InetAddress> bindAddress, int udpPort, Duration minSendGap) {
    public static final Duration DEFAULT_MIN_SEND_GAP = Duration.ofMillis(50);
    /** Largest partial user map the client holds while waiting for the rest of it. */
    public static final int MAX_PENDING_MAP_BYTES = 1024 * 1024;

    public static ClientConfig of(String server) {
        return new ClientConfig(server, LabFormat.DEFAULT_PORT, Optional.empty(), LabFormat.DEFAULT_PORT,
                DEFAULT_MIN_SEND_GAP);
    }

    public ClientConfig withPort(int value) {
        return new ClientConfig(server, value, bindAddress, udpPort, minSendGap);
    }

    public ClientConfig withBindAddress(Optional<InetAddress> value) {
        return new ClientConfig(server, port, value, udpPort, minSendGap);
    }

    public ClientConfig withUdpPort(int value) {
        return new ClientConfig(server, port, bindAddress, value, minSendGap);
    }

    public ClientConfig withMinSendGap(Duration value) {
        return new ClientConfig(server, port, bindAddress, udpPort, value);
    }
}
