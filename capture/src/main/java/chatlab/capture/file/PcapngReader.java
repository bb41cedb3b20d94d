package chatlab.capture.file;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads pcapng (draft-ietf-opsawg-pcapng, "PCAP Now Generic"): a sequence of blocks, each framed by its type, its
 * total length and the same length again at the end. A Section Header Block (SHB) starts each section and fixes its
 * byte order; Interface Description Blocks (IDB) give each interface its link type and timestamp resolution
 * (if_tsresol) and offset (if_tsoffset); packets come in Enhanced (EPB), Simple (SPB) or obsolete Packet Blocks.
 * Every other block type is skipped by its length.
 */
public final class PcapngReader implements CaptureReader {
    static final int BLOCK_SHB = 0x0A0D0D0A;
    static final int BLOCK_IDB = 0x00000001;
    static final int BLOCK_OPB = 0x00000002;
    static final int BLOCK_SPB = 0x00000003;
    static final int BLOCK_NRB = 0x00000004;
    static final int BLOCK_ISB = 0x00000005;
    static final int BLOCK_EPB = 0x00000006;
    static final int BLOCK_DSB = 0x0000000A;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int OPT_ENDOFOPT = 0;
    static final int OPT_IF_TSRESOL = 9;
    static final int OPT_IF_TSOFFSET = 14;
    static final int MAX_BLOCK_BYTES = 64 << 20;

    /** One interface of the current section. */
    private record Interface(int linkType, long snapLength, boolean binaryResolution, int resolutionExponent,
                             long offsetSeconds) {
        long toNanos(long units) {
            long nanos;
            if (binaryResolution) {
                int k = resolutionExponent;
                long secs = k >= 64 ? 0 : units >>> k;
                long frac = k >= 64 ? units : units & ((1L << k) - 1);
                long fracNanos;
                if (k <= 33) {
                    fracNanos = (frac * 1_000_000_000L) >>> k;
                } else {
                    fracNanos = ((frac >>> (k - 30)) * 1_000_000_000L) >>> 30;
                }
                nanos = secs * 1_000_000_000L + fracNanos;
            } else {
                int k = resolutionExponent;
                if (k <= 9) {
                    nanos = units * POW10[9 - k];
                } else if (k <= 18) {
                    nanos = Long.divideUnsigned(units, POW10[k - 9]);
                } else {
                    nanos = 0;
                }
            }
            return nanos + offsetSeconds * 1_000_000_000L;
        }

        String resolutionText() {
            return binaryResolution ? "2^-" + resolutionExponent + " s" : "10^-" + resolutionExponent + " s";
        }
    }

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private final ByteSource in;
    private final Consumer<CaptureProblem> problems;
    private final List<Interface> interfaces = new ArrayList<>();
    private final List<String> interfaceSummary = new ArrayList<>();
    private boolean bigEndian;
    private long frameNumber;
    private int sections;

    PcapngReader(ByteSource in, Consumer<CaptureProblem> problems) throws IOException {
        this.in = in;
        this.problems = problems;
        if (in.ensure(12) < 12) {
            throw new CaptureFormatException("the pcapng section header is cut short");
        }
        int bom = Bytes.i32be(in.array(), in.index() + 8);
        if (bom == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
            bigEndian = false;
        } else {
            throw new CaptureFormatException(String.format("not a pcapng file (byte-order magic 0x%08x)", bom));
        }
    }

    @Override
    public String describe() {
        return "pcapng, " + sections + " section(s), interfaces: " + String.join("; ", interfaceSummary);
    }

    @Override
    public boolean next(Frame frame) throws IOException {
        while (true) {
            long blockOffset = in.position();
            int have = in.ensure(12);
            if (have == 0) {
                return false;
            }
            if (have < 12) {
                problems.accept(new CaptureProblem(0, blockOffset,
                        "the file ends inside a block header (" + have + " of 12 bytes present)", ProblemKinds.FILE_CUT));
                in.advance(have);
                return false;
            }
            byte[] b = in.array();
            int i = in.index();
            int type = Bytes.i32(b, i, bigEndian);
            if (type == BLOCK_SHB) {
                int bom = Bytes.i32be(b, i + 8);
                if (bom == BYTE_ORDER_MAGIC) {
                    bigEndian = true;
                } else if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
                    bigEndian = false;
                } else {
                    if (!recover(blockOffset, String.format("a section header has a bad byte-order magic 0x%08x", bom))) {
                        return false;
                    }
                    continue;
                }
            }
            long length = Bytes.u32(b, i + 4, bigEndian);
            if (length < 12 || (length & 3) != 0 || length > MAX_BLOCK_BYTES) {
                if (!recover(blockOffset, String.format("block type 0x%08x has an impossible length %d", type, length))) {
                    return false;
                }
                continue;
            }
            int len = (int) length;
            int got = in.ensure(len);
            if (got < len) {
                problems.accept(new CaptureProblem(isPacket(type) ? frameNumber + 1 : 0, blockOffset,
                        String.format("the file ends inside a block of type 0x%08x: it says %d bytes, only %d are present",
                                type, len, got), ProblemKinds.FILE_CUT));
                in.advance(got);
                return false;
            }
            b = in.array();
            i = in.index();
            long trailer = Bytes.u32(b, i + len - 4, bigEndian);
            if (trailer != length) {
                if (!recover(blockOffset, String.format("block type 0x%08x says %d bytes at its start and %d at its end",
                        type, length, trailer))) {
                    return false;
                }
                continue;
            }
            boolean delivered = switch (type) {
                case BLOCK_SHB -> {
                    sections++;
                    interfaces.clear();
                    yield false;
                }
                case BLOCK_IDB -> {
                    readInterface(b, i, len, blockOffset);
                    yield false;
                }
                case BLOCK_EPB -> readPacket(b, i, len, blockOffset, frame, true);
                case BLOCK_SPB -> readSimple(b, i, len, blockOffset, frame);
                case BLOCK_OPB -> readPacket(b, i, len, blockOffset, frame, false);
                default -> isNonPacketRecord(type) && deliverRecord(frame, blockOffset);
            };
            in.advance(len);
            in.compactIfLarge();
            if (delivered) {
                return true;
            }
        }
    }

    /**
     * Blocks that Wireshark shows as frames although they hold no packet: custom blocks (0x00000BAD, 0x40000BAD),
     * systemd journal entries (0x9) and Sysdig events. They are handed out with link type -1 so that frame numbers
     * stay the same as in Wireshark.
     */
    static boolean isNonPacketRecord(int type) {
        return type == 0x00000BAD || type == 0x40000BAD || type == 0x00000009 || type == 0x00000204
                || type == 0x00000208 || type == 0x00000216 || type == 0x00000217 || type == 0x00000221
                || type == 0x00000222;
    }

    private boolean deliverRecord(Frame frame, long blockOffset) {
        frameNumber++;
        frame.number = frameNumber;
        frame.timestampNanos = 0;
        frame.linkType = -1;
        frame.interfaceId = -1;
        frame.fileOffset = blockOffset;
        frame.dataFileOffset = blockOffset;
        frame.offset = in.index();
        frame.data = in.array();
        frame.capturedLength = 0;
        frame.originalLength = 0;
        return true;
    }

    private static boolean isPacket(int type) {
        return type == BLOCK_EPB || type == BLOCK_SPB || type == BLOCK_OPB;
    }

    private void readInterface(byte[] b, int i, int len, long blockOffset) {
        if (len < 20) {
            problems.accept(new CaptureProblem(0, blockOffset, "an interface description block is too short (" + len
                    + " bytes); its packets cannot be read", ProblemKinds.INTERFACE_DAMAGED));
            interfaces.add(new Interface(-1, 0, false, 6, 0));
            return;
        }
        int linkType = Bytes.u16(b, i + 8, bigEndian);
        long snap = Bytes.u32(b, i + 12, bigEndian);
        boolean binary = false;
        int exponent = 6;
        long offsetSeconds = 0;
        int p = i + 16;
        int end = i + len - 4;
        while (p + 4 <= end) {
            int code = Bytes.u16(b, p, bigEndian);
            int optLen = Bytes.u16(b, p + 2, bigEndian);
            if (code == OPT_ENDOFOPT) {
                break;
            }
            if (p + 4 + optLen > end) {
                problems.accept(new CaptureProblem(0, blockOffset + (p - i),
                        "an interface option runs past the end of its block; the remaining options are ignored",
                        ProblemKinds.INTERFACE_DAMAGED));
                break;
            }
            if (code == OPT_IF_TSRESOL && optLen >= 1) {
                int v = b[p + 4] & 0xFF;
                binary = (v & 0x80) != 0;
                exponent = v & 0x7F;
            } else if (code == OPT_IF_TSOFFSET && optLen >= 8) {
                long hi = Bytes.u32(b, p + 4, bigEndian);
                long lo = Bytes.u32(b, p + 8, bigEndian);
                offsetSeconds = bigEndian ? (hi << 32) | lo : (lo << 32) | hi;
            }
            p += 4 + ((optLen + 3) & ~3);
        }
        Interface itf = new Interface(linkType, snap, binary, exponent, offsetSeconds);
        interfaces.add(itf);
        interfaceSummary.add("#" + (interfaces.size() - 1) + " link type " + linkType + ", resolution "
                + itf.resolutionText());
    }

    private Interface interfaceFor(long id, long blockOffset) {
        if (id < 0 || id >= interfaces.size()) {
            problems.accept(new CaptureProblem(frameNumber + 1, blockOffset, "the packet names interface " + id
                    + ", but the section describes only " + interfaces.size() + "; the packet is skipped",
                    ProblemKinds.UNKNOWN_INTERFACE));
            return null;
        }
        Interface itf = interfaces.get((int) id);
        return itf.linkType < 0 ? null : itf;
    }

    /**
     * Enhanced Packet Block and the obsolete Packet Block share one layout after the interface id (32 bits in the
     * EPB, 16 bits plus a 16-bit drop count in the PB): timestamp high and low, captured and original length, data.
     */
    private boolean readPacket(byte[] b, int i, int len, long blockOffset, Frame frame, boolean enhanced) {
        String kind = enhanced ? "an enhanced packet block" : "a packet block";
        if (len < 32) {
            problems.accept(new CaptureProblem(frameNumber + 1, blockOffset, kind + " is too short (" + len
                    + " bytes); skipped", ProblemKinds.BLOCK_DAMAGED));
            return false;
        }
        long id = enhanced ? Bytes.u32(b, i + 8, bigEndian) : Bytes.u16(b, i + 8, bigEndian);
        Interface itf = interfaceFor(id, blockOffset);
        if (itf == null) {
            return false;
        }
        long units = (Bytes.u32(b, i + 12, bigEndian) << 32) | Bytes.u32(b, i + 16, bigEndian);
        long captured = Bytes.u32(b, i + 20, bigEndian);
        long original = Bytes.u32(b, i + 24, bigEndian);
        long room = len - 32;
        if (captured > room) {
            problems.accept(new CaptureProblem(frameNumber + 1, blockOffset, "the packet says " + captured
                    + " bytes were captured but its block holds only " + room + "; using " + room,
                    ProblemKinds.CAPTURED_ABOVE_BLOCK));
            captured = room;
        }
        return deliver(frame, itf, (int) id, units, b, i + 28, (int) captured, original, blockOffset);
    }

    private boolean readSimple(byte[] b, int i, int len, long blockOffset, Frame frame) {
        if (len < 16) {
            problems.accept(new CaptureProblem(frameNumber + 1, blockOffset, "a simple packet block is too short; skipped",
                    ProblemKinds.BLOCK_DAMAGED));
            return false;
        }
        Interface itf = interfaceFor(0, blockOffset);
        if (itf == null) {
            return false;
        }
        long original = Bytes.u32(b, i + 8, bigEndian);
        long captured = Math.min(original, len - 16);
        if (itf.snapLength > 0) {
            captured = Math.min(captured, itf.snapLength);
        }
        boolean ok = deliver(frame, itf, 0, 0, b, i + 12, (int) captured, original, blockOffset);
        frame.timestampNanos = 0;
        return ok;
    }

    private boolean deliver(Frame frame, Interface itf, int id, long units, byte[] b, int dataIndex, int captured,
                            long original, long blockOffset) {
        frameNumber++;
        frame.number = frameNumber;
        frame.timestampNanos = itf.toNanos(units);
        frame.linkType = itf.linkType;
        frame.interfaceId = id;
        frame.fileOffset = blockOffset;
        frame.dataFileOffset = blockOffset + (dataIndex - in.index());
        frame.data = b;
        frame.offset = dataIndex;
        frame.capturedLength = captured;
        if (original < captured) {
            problems.accept(new CaptureProblem(frameNumber, blockOffset, "the original length " + original
                    + " is smaller than the captured length " + captured + "; the headers are read from the "
                    + captured + " captured bytes, and the frame counts " + original + " bytes, as in tshark",
                    ProblemKinds.LENGTH_BELOW_CAPTURED));
        }
        frame.originalLength = (int) Math.min(original, Integer.MAX_VALUE);
        return true;
    }

    /**
     * Reports damage at {@code blockOffset} and moves to the next 4-byte-aligned offset that starts a known block
     * whose leading and trailing lengths agree. Returns false (and stops reading) when none is left.
     */
    private boolean recover(long blockOffset, String what) throws IOException {
        in.advance(4);
        while (true) {
            int have = in.ensure(12);
            if (have < 12) {
                problems.accept(new CaptureProblem(0, blockOffset, what + "; no valid block follows, reading stops here",
                        ProblemKinds.BLOCK_DAMAGED));
                in.advance(have);
                return false;
            }
            byte[] b = in.array();
            int i = in.index();
            for (boolean be : new boolean[] {bigEndian, !bigEndian}) {
                int type = Bytes.i32(b, i, be);
                if (knownType(type)) {
                    long length = Bytes.u32(b, i + 4, be);
                    if (length >= 12 && (length & 3) == 0 && length <= MAX_BLOCK_BYTES) {
                        int got = in.ensure((int) length);
                        b = in.array();
                        i = in.index();
                        boolean sameOrder = type == BLOCK_SHB || be == bigEndian;
                        if (sameOrder && got >= length && Bytes.u32(b, i + (int) length - 4, be) == length) {
                            long at = in.position();
                            problems.accept(new CaptureProblem(0, blockOffset, what + "; skipped " + (at - blockOffset)
                                    + " bytes to the next valid block at byte offset " + at, ProblemKinds.BLOCK_DAMAGED));
                            return true;
                        }
                    }
                }
            }
            in.advance(4);
            in.compactIfLarge();
        }
    }

    private static boolean knownType(int type) {
        return type == BLOCK_SHB || type == BLOCK_IDB || type == BLOCK_OPB || type == BLOCK_SPB || type == BLOCK_NRB
                || type == BLOCK_ISB || type == BLOCK_EPB || type == BLOCK_DSB;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
