package chatlab.capture.flow;

import chatlab.capture.decode.Packet;
import chatlab.capture.file.Frame;
import java.util.Arrays;

/**
 * A packet kept as evidence for an answer: its bytes (up to {@link #MAX_BYTES}) and where each header starts,
 * relative to the first byte of the frame. A datagram rebuilt from IP fragments is copied whole, from its IP header
 * on ({@code fragments} says from how many; {@code firstFragmentFrame} is where the first was).
 */
public record FrameCopy(long number, long timestampNanos, long fileOffset, int linkType, int originalLength,
                        byte[] bytes, int ipVersion, int ipOffset, int ipHeaderLength, int protocolFieldOffset,
                        int l4Offset, int l4HeaderLength, int l4ReportedLength, Packet.Kind kind, int fragments,
                        long firstFragmentFrame) {
    public static final int MAX_BYTES = 4096;

    static FrameCopy of(Frame f, Packet p) {
        int keep = Math.min(f.capturedLength, MAX_BYTES);
        byte[] copy = Arrays.copyOfRange(f.data, f.offset, f.offset + keep);
        int l4Header = p.kind == Packet.Kind.TCP ? p.tcpHeaderLength : 8;
        return new FrameCopy(f.number, f.timestampNanos, f.fileOffset, f.linkType, f.originalLength, copy,
                p.ipVersion, p.ipOffset - f.offset, p.ipHeaderLength,
                p.protocolFieldOffset < 0 ? -1 : p.protocolFieldOffset - f.offset, p.l4Offset - f.offset, l4Header,
                p.l4ReportedLength, p.kind, f.fragments, f.firstFragmentFrame);
    }

    public int payloadOffset() {
        return l4Offset + l4HeaderLength;
    }
}
