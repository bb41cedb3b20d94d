package chatlab.capture.decode;

import chatlab.capture.file.Bytes;

/**
 * The UDP header (RFC 768): four fields of two bytes each, Source Port, Destination Port, Length (header plus data,
 * in bytes) and Checksum.
 */
public final class UdpHeader {
    public static final int LENGTH = 8;
    public static final int FIELD_BYTES = 2;
    public static final int OFFSET_SOURCE_PORT = 0;
    public static final int OFFSET_DESTINATION_PORT = 2;
    public static final int OFFSET_LENGTH = 4;
    public static final int OFFSET_CHECKSUM = 6;
    /** IANA protocol number of UDP, carried in IPv4's Protocol and IPv6's Next Header field. */
    public static final int PROTOCOL_NUMBER = 17;
    /** The Length field is 16 bits, so a datagram is at most 65,535 bytes including its 8-byte header. */
    public static final int MAX_LENGTH_FIELD = 0xFFFF;

    private UdpHeader() {
    }

    public static int sourcePort(byte[] b, int off) {
        return Bytes.u16be(b, off + OFFSET_SOURCE_PORT);
    }

    public static int destinationPort(byte[] b, int off) {
        return Bytes.u16be(b, off + OFFSET_DESTINATION_PORT);
    }

    public static int length(byte[] b, int off) {
        return Bytes.u16be(b, off + OFFSET_LENGTH);
    }

    public static int checksum(byte[] b, int off) {
        return Bytes.u16be(b, off + OFFSET_CHECKSUM);
    }
}
