package chatlab.capture.flow;

import chatlab.capture.decode.IpAddresses;

/**
 * What is left of a TCP connection or UDP flow for the conversation table once its analysis is done: Wireshark's
 * {@code -z conv} row, plus the TCP findings. Endpoint A sent the first packet.
 *
 * @param protocol 6 (TCP) or 17 (UDP)
 * @param windowMinA the smallest window A advertised in bytes, -1 when A sent no segment
 * @param handshake whether the capture holds the connection's SYN
 */
public record FlowSummary(int protocol, int stream, int ipVersion, long aHi, long aLo, int aPort, long bHi, long bLo,
        int bPort, long packets, long packetsFromA, long bytes, long bytesFromA, long firstNanos, long lastNanos,
        long retransmissions, long windowMinA, long windowMinB, long zeroWindow, boolean handshake) {

    static FlowSummary of(Flow f) {
        if (f instanceof TcpConnection c) {
            return new FlowSummary(6, c.stream(), c.ipVersion, c.aHi, c.aLo, c.aPort, c.bHi, c.bLo, c.bPort, c.packets,
                    c.packetsFromA, c.bytes, c.bytesFromA, c.firstNanos, c.lastNanos, c.totalRetransmissions(),
                    c.a().minWindow(), c.b().minWindow(), c.zeroWindow().count(), c.synFrame() != 0);
        }
        UdpFlow u = (UdpFlow) f;
        return new FlowSummary(17, u.stream(), u.ipVersion, u.aHi, u.aLo, u.aPort, u.bHi, u.bLo, u.bPort, u.packets,
                u.packetsFromA, u.bytes, u.bytesFromA, u.firstNanos, u.lastNanos, 0, -1, -1, 0, false);
    }

    public boolean tcp() {
        return protocol == 6;
    }

    public String addressA() {
        return IpAddresses.format(ipVersion, aHi, aLo);
    }

    public String addressB() {
        return IpAddresses.format(ipVersion, bHi, bLo);
    }
}
