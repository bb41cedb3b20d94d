package chatlab.capture.decode;

import chatlab.capture.file.Bytes;

/** TCP header fields (RFC 9293, section 3.1) and the options the analysis needs, read in place. */
public final class TcpHeader {
    public static final int MIN_LENGTH = 20;
    public static final int OFFSET_SEQUENCE = 4;
    public static final int OFFSET_ACKNOWLEDGMENT = 8;
    /** Data offset (4 bits), reserved bits and the control bits, two bytes from offset 12 (RFC 9293 3.1). */
    public static final int OFFSET_FLAGS = 12;
    public static final int OFFSET_WINDOW = 14;
    /** Checksum; the fields before it (through the window) are what a segment's analysis needs. */
    public static final int OFFSET_CHECKSUM = 16;
    /** Control bits as Wireshark numbers them in {@code tcp.flags} (12 bits: reserved, AE, CWR, ECE, URG...). */
    public static final int FIN = 0x001;
    public static final int SYN = 0x002;
    public static final int RST = 0x004;
    public static final int PSH = 0x008;
    public static final int ACK = 0x010;
    public static final int URG = 0x020;
    public static final int ECE = 0x040;
    public static final int CWR = 0x080;
    /** AE (formerly NS, RFC 3540), bit 8 of the flags field. */
    public static final int AE = 0x100;
    public static final int FLAGS_MASK = 0x0FFF;
    /** Option kinds (RFC 9293 3.2, RFC 7323 for window scale and timestamps, RFC 2018 for SACK). */
    public static final int OPT_END = 0;
    public static final int OPT_NOP = 1;
    public static final int OPT_MSS = 2;
    public static final int OPT_WINDOW_SCALE = 3;
    /** RFC 7323 2.3: a shift count above 14 is used as 14. */
    public static final int MAX_WINDOW_SHIFT = 14;

    private TcpHeader() {
    }

    public static int sourcePort(byte[] b, int off) {
        return Bytes.u16be(b, off);
    }

    public static int destinationPort(byte[] b, int off) {
        return Bytes.u16be(b, off + 2);
    }

    public static int sequence(byte[] b, int off) {
        return Bytes.i32be(b, off + OFFSET_SEQUENCE);
    }

    public static int acknowledgment(byte[] b, int off) {
        return Bytes.i32be(b, off + OFFSET_ACKNOWLEDGMENT);
    }

    /** Header length in bytes (data offset times four). */
    public static int headerLength(byte[] b, int off) {
        return ((b[off + OFFSET_FLAGS] >> 4) & 0xF) * 4;
    }

    public static int flags(byte[] b, int off) {
        return Bytes.u16be(b, off + OFFSET_FLAGS) & FLAGS_MASK;
    }

    public static int window(byte[] b, int off) {
        return Bytes.u16be(b, off + OFFSET_WINDOW);
    }

    /**
     * The window-scale shift from the options between {@code off + 20} and {@code end}, capped at 14; -1 when the
     * option is absent or malformed.
     */
    public static int windowScale(byte[] b, int off, int end) {
        int p = off + MIN_LENGTH;
        while (p < end) {
            int kind = b[p] & 0xFF;
            if (kind == OPT_END) {
                return -1;
            }
            if (kind == OPT_NOP) {
                p++;
                continue;
            }
            if (p + 1 >= end) {
                return -1;
            }
            int len = b[p + 1] & 0xFF;
            if (len < 2 || p + len > end) {
                return -1;
            }
            if (kind == OPT_WINDOW_SCALE && len == 3) {
                return Math.min(b[p + 2] & 0xFF, MAX_WINDOW_SHIFT);
            }
            p += len;
        }
        return -1;
    }

    /** Flag names in Wireshark's order (lowest bit first), e.g. "SYN, ACK". */
    public static String flagNames(int flags) {
        StringBuilder sb = new StringBuilder();
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE"};
        int[] order = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        for (int bit : order) {
            if ((flags & (1 << bit)) != 0) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(names[bit]);
            }
        }
        return sb.length() == 0 ? "<none>" : sb.toString();
    }
}
