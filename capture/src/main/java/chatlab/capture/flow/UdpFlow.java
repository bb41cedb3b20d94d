package chatlab.capture.flow;

import chatlab.capture.decode.Packet;

/** One UDP conversation (Wireshark's {@code udp.stream}): the datagrams between two address and port pairs. */
public final class UdpFlow extends Flow {
    final int stream;
    long payloadBytes;

    UdpFlow(int stream, Packet p, long frame, long nanos) {
        super(17, p, frame, nanos);
        this.stream = stream;
    }

    public int stream() {
        return stream;
    }

    public long payloadBytes() {
        return payloadBytes;
    }
}
