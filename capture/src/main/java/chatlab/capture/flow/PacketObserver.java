package chatlab.capture.flow;

import chatlab.capture.decode.Packet;
import chatlab.capture.file.Frame;

/** Sees every decoded packet after analysis; tests use it to compare each frame with tshark. No-op by default. */
public interface PacketObserver {
    PacketObserver NONE = new PacketObserver() {
    };

    default void tcp(Frame frame, Packet packet, TcpSegment segment) {
    }

    default void udp(Frame frame, Packet packet, UdpFlow flow) {
    }
}
