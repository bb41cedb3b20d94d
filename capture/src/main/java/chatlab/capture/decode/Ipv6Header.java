package chatlab.capture.decode;

import chatlab.capture.file.Bytes;

/** IPv6 fixed header (RFC 8200, section 3) and the extension headers of section 4, read in place. */
public final class Ipv6Header {
    public static final int LENGTH = 40;
    public static final int OFFSET_PAYLOAD_LENGTH = 4;
    public static final int OFFSET_NEXT_HEADER = 6;
    public static final int OFFSET_SOURCE = 8;
    public static final int OFFSET_DESTINATION = 24;
    /** Extension header numbers (RFC 8200 section 4, RFC 4302 for AH, RFC 6275/7401/5533 for the rest). */
    public static final int EXT_HOP_BY_HOP = 0;
    public static final int EXT_ROUTING = 43;
    public static final int EXT_FRAGMENT = 44;
    public static final int EXT_AUTHENTICATION = 51;
    public static final int EXT_DESTINATION_OPTIONS = 60;
    public static final int EXT_MOBILITY = 135;
    public static final int EXT_HIP = 139;
    public static final int EXT_SHIM6 = 140;
    public static final int NO_NEXT_HEADER = 59;

    private Ipv6Header() {
    }

    public static int payloadLength(byte[] b, int off) {
        return Bytes.u16be(b, off + OFFSET_PAYLOAD_LENGTH);
    }

    public static int nextHeader(byte[] b, int off) {
        return b[off + OFFSET_NEXT_HEADER] & 0xFF;
    }

    public static boolean isExtension(int nextHeader) {
        return switch (nextHeader) {
            case EXT_HOP_BY_HOP, EXT_ROUTING, EXT_FRAGMENT, EXT_AUTHENTICATION, EXT_DESTINATION_OPTIONS, EXT_MOBILITY,
                    EXT_HIP, EXT_SHIM6 -> true;
            default -> false;
        };
    }

    /**
     * Length in bytes of the extension header at {@code off} of type {@code type}: 8 for Fragment, (len + 2) * 4
     * for AH (RFC 4302 2.2), (len + 1) * 8 for the others (RFC 8200 4.3).
     */
    public static int extensionLength(int type, byte[] b, int off) {
        int len = b[off + 1] & 0xFF;
        if (type == EXT_FRAGMENT) {
            return 8;
        }
        if (type == EXT_AUTHENTICATION) {
            return (len + 2) * 4;
        }
        return (len + 1) * 8;
    }

    /** Fragment Offset of a Fragment header (RFC 8200 4.5) in bytes: the 13-bit field counts 8-octet units. */
    public static int fragmentOffsetBytes(byte[] b, int off) {
        return (Bytes.u16be(b, off + 2) >>> 3) * 8;
    }

    /** The M flag of a Fragment header: more fragments follow. */
    public static boolean moreFragments(byte[] b, int off) {
        return (Bytes.u16be(b, off + 2) & 1) != 0;
    }

    /** The 32-bit Identification of a Fragment header. */
    public static long fragmentIdentification(byte[] b, int off) {
        return Bytes.u32be(b, off + 4);
    }

    /** True when a Fragment header (RFC 8200 4.5) at {@code off} describes a real fragment, not an atomic one. */
    public static boolean isRealFragment(byte[] b, int off) {
        int v = Bytes.u16be(b, off + 2);
        return (v & 0xFFF9) != 0;
    }
}
