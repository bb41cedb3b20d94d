package chatlab.capture.decode;

import chatlab.capture.file.Bytes;

/** IPv4 header fields (RFC 791, section 3.1), read in place. */
public final class Ipv4Header {
    public static final int MIN_LENGTH = 20;
    /** Offset of Total Length (RFC 791 3.1). */
    public static final int OFFSET_TOTAL_LENGTH = 2;
    public static final int OFFSET_IDENTIFICATION = 4;
    public static final int OFFSET_FLAGS_FRAGMENT = 6;
    /** Offset of the Protocol field (RFC 791 3.1); its value for UDP is 17 (RFC 768, IANA protocol numbers). */
    public static final int OFFSET_PROTOCOL = 9;
    public static final int OFFSET_SOURCE = 12;
    public static final int OFFSET_DESTINATION = 16;
    public static final int FLAG_MORE_FRAGMENTS = 0x2000;
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    private Ipv4Header() {
    }

    public static int version(byte[] b, int off) {
        return (b[off] >> 4) & 0xF;
    }

    /** Internet Header Length in bytes (IHL times four). */
    public static int headerLength(byte[] b, int off) {
        return (b[off] & 0xF) * 4;
    }

    public static int totalLength(byte[] b, int off) {
        return Bytes.u16be(b, off + OFFSET_TOTAL_LENGTH);
    }

    public static int protocol(byte[] b, int off) {
        return b[off + OFFSET_PROTOCOL] & 0xFF;
    }

    public static boolean isFragment(byte[] b, int off) {
        int v = Bytes.u16be(b, off + OFFSET_FLAGS_FRAGMENT);
        return (v & (FLAG_MORE_FRAGMENTS | FRAGMENT_OFFSET_MASK)) != 0;
    }

    public static int identification(byte[] b, int off) {
        return Bytes.u16be(b, off + OFFSET_IDENTIFICATION);
    }

    /** Fragment Offset in bytes (the field counts units of 8 octets, RFC 791 3.1). */
    public static int fragmentOffsetBytes(byte[] b, int off) {
        return (Bytes.u16be(b, off + OFFSET_FLAGS_FRAGMENT) & FRAGMENT_OFFSET_MASK) * 8;
    }

    public static boolean moreFragments(byte[] b, int off) {
        return (Bytes.u16be(b, off + OFFSET_FLAGS_FRAGMENT) & FLAG_MORE_FRAGMENTS) != 0;
    }

    public static long source(byte[] b, int off) {
        return Bytes.u32be(b, off + OFFSET_SOURCE);
    }

    public static long destination(byte[] b, int off) {
        return Bytes.u32be(b, off + OFFSET_DESTINATION);
    }
}
