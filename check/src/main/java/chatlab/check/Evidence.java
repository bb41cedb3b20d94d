package chatlab.check;

import java.util.Optional;

/**
 * One thing the check saw, in words a student can act on ("bob received \"alice: hi \" (10 bytes)"), with the
 * packet that carried it when a capture was made: {@code frame} names the capture file and frame number, filled in
 * after the run from {@link #packet}.
 *
 * @param text   what was seen
 * @param frame  "webserver.pcap frame 37" once found in a capture, else empty
 * @param packet the bytes and endpoints to look for in the captures (not part of the output)
 */
public record Evidence(String text, Optional<String> frame, Optional<PacketRef> packet) {
    public static Evidence of(String text) {
        return new Evidence(text, Optional.empty(), Optional.empty());
    }

    public static Evidence of(String text, PacketRef packet) {
        return new Evidence(text, Optional.empty(), Optional.of(packet));
    }

    public Evidence withFrame(String value) {
        return new Evidence(text, Optional.of(value), packet);
    }

    /**
     * A packet to find in the captures: its transport, endpoints (addresses, ports where known) and payload bytes
     * (found when a segment or datagram holds them, or starts with them).
     *
     * @param udp      UDP (else TCP)
     * @param from     source address
     * @param to       destination address
     * @param toPort   destination port, or 0 for any
     * @param payload  bytes the packet's payload contains
     */
    public record PacketRef(boolean udp, String from, String to, int toPort, byte[] payload) {}
}
