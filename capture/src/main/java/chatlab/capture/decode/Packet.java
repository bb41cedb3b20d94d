package chatlab.capture.decode;

/**
 * What the decoder found in one frame, as plain fields in a reused object (no allocation per packet). Offsets are
 * indexes into the frame's byte array. Addresses are held as two longs: IPv4 in {@code lo} with {@code hi == 0}.
 */
public final class Packet {
    public enum Kind {
        /** Not IP, or not decodable at all. */
        OTHER,
        /** IP carrying something other than TCP or UDP, a fragment, or a TCP/UDP header cut short. */
        IP_OTHER,
        TCP,
        UDP
    }

    public Kind kind;
    public int linkHeaderLength;
    public int vlanTags;
    public int vlanId;
    public int ipVersion;
    public int ipOffset;
    public int ipHeaderLength;
    /** The final protocol number (after IPv6 extension headers). */
    public int protocol;
    /** Index of the byte that holds {@link #protocol}: IPv4's Protocol field or the last Next Header field. */
    public int protocolFieldOffset;
    /** An IP fragment that is not the whole datagram; the {@code frag*} fields describe it. */
    public boolean fragment;
    /** IPv4 Identification (16 bits) or IPv6 Fragment header Identification (32 bits). */
    public long fragId;
    /** Where this fragment's data goes in the datagram, in bytes. */
    public int fragOffset;
    public boolean fragMore;
    /** Index of the fragment's data in the frame, and its length on the wire (from the IP length fields). */
    public int fragDataOffset;
    public int fragDataLength;
    /** Bytes of the fragment's data present in the capture. */
    public int fragDataCaptured;
    /** IPv6: index of the Fragment header, and of the Next Header field that names it; -1 for IPv4. */
    public int fragHeaderOffset;
    public int fragNextFieldOffset;
    public long srcHi;
    public long srcLo;
    public long dstHi;
    public long dstLo;
    /** Transport header start. */
    public int l4Offset;
    /** Transport bytes on the wire (header plus payload) as the IP length fields say, capped by the frame. */
    public int l4ReportedLength;
    /** Transport bytes present in the capture. */
    public int l4CapturedLength;
    public int srcPort;
    public int dstPort;
    /**
     * The ports were read: true for every TCP and UDP packet, and also when the snap length cut the TCP or UDP
     * header after its first four bytes (the ports are there, the rest of the header is not).
     */
    public boolean portsCaptured;
    public int tcpSeq;
    public int tcpAck;
    public int tcpFlags;
    public int tcpWindow;
    public int tcpHeaderLength;
    /** TCP payload length on the wire, or -1 when the segment is shorter than its own header. */
    public int tcpSegmentLength;
    /** Window-scale option shift, or -1 when the segment carries none (or its options were cut). */
    public int tcpWindowScale;
    /**
     * The snap length cut the TCP header after its window field: the options (or only the checksum and urgent
     * pointer) are missing. The segment is analysed; Wireshark shows no analysis flags on it.
     */
    public boolean tcpOptionsCut;
    public int udpLength;
    public int udpChecksum;

    void reset() {
        kind = Kind.OTHER;
        linkHeaderLength = 0;
        vlanTags = 0;
        vlanId = -1;
        ipVersion = 0;
        ipOffset = 0;
        ipHeaderLength = 0;
        protocol = -1;
        protocolFieldOffset = -1;
        fragment = false;
        fragId = 0;
        fragOffset = 0;
        fragMore = false;
        fragDataOffset = fragDataLength = fragDataCaptured = 0;
        fragHeaderOffset = fragNextFieldOffset = -1;
        portsCaptured = false;
        tcpOptionsCut = false;
        srcHi = srcLo = dstHi = dstLo = 0;
        l4Offset = 0;
        l4ReportedLength = 0;
        l4CapturedLength = 0;
        srcPort = dstPort = 0;
        tcpSeq = tcpAck = tcpFlags = tcpWindow = tcpHeaderLength = 0;
        tcpSegmentLength = -1;
        tcpWindowScale = -1;
        udpLength = udpChecksum = 0;
    }

    /** Payload start (after the TCP or UDP header). */
    public int payloadOffset() {
        return kind == Kind.TCP ? l4Offset + tcpHeaderLength : l4Offset + UdpHeader.LENGTH;
    }

    /** Payload bytes on the wire. */
    public int payloadReportedLength() {
        return kind == Kind.TCP ? Math.max(0, tcpSegmentLength) : Math.max(0, l4ReportedLength - UdpHeader.LENGTH);
    }

    /** Payload bytes present in the capture. */
    public int payloadCapturedLength() {
        int header = kind == Kind.TCP ? tcpHeaderLength : UdpHeader.LENGTH;
        return Math.max(0, Math.min(l4CapturedLength - header, payloadReportedLength()));
    }
}
