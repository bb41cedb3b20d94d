package chatlab.capture.file;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reads the classic libpcap format (draft-ietf-opsawg-pcap, "PCAP Capture File Format"): a 24-byte file header
 * whose magic 0xA1B2C3D4 (microseconds) or 0xA1B23C4D (nanoseconds) also tells the byte order, then records of a
 * 16-byte header (seconds, fraction, captured length, original length) and the packet bytes.
 */
public final class PcapReader implements CaptureReader {
    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    static final int FILE_HEADER_BYTES = 24;
    static final int RECORD_HEADER_BYTES = 16;
    /** Largest record we accept; libpcap's own limit for most link types is 262,144 bytes. */
    static final int MAX_RECORD_BYTES = 16 << 20;

    private final ByteSource in;
    private final Consumer<CaptureProblem> problems;
    private final boolean bigEndian;
    private final boolean nanos;
    private final int linkType;
    private final long snapLength;
    private final int versionMajor;
    private final int versionMinor;
    private long frameNumber;
    private long lastSeconds = -1;

    PcapReader(ByteSource in, Consumer<CaptureProblem> problems) throws IOException {
        this.in = in;
        this.problems = problems;
        if (in.ensure(FILE_HEADER_BYTES) < FILE_HEADER_BYTES) {
            throw new CaptureFormatException("the pcap file header is cut short: " + in.available()
                    + " of 24 bytes present");
        }
        byte[] b = in.array();
        int i = in.index();
        int magicBe = Bytes.i32be(b, i);
        int magicLe = Bytes.i32le(b, i);
        if (magicBe == MAGIC_MICROS || magicBe == MAGIC_NANOS) {
            bigEndian = true;
            nanos = magicBe == MAGIC_NANOS;
        } else if (magicLe == MAGIC_MICROS || magicLe == MAGIC_NANOS) {
            bigEndian = false;
            nanos = magicLe == MAGIC_NANOS;
        } else {
            throw new CaptureFormatException(String.format("not a pcap file (magic 0x%08x)", magicBe));
        }
        versionMajor = Bytes.u16(b, i + 4, bigEndian);
        versionMinor = Bytes.u16(b, i + 6, bigEndian);
        snapLength = Bytes.u32(b, i + 16, bigEndian);
        // The low 16 bits hold the link type; the upper bits may carry FCS information (pcap draft, section 4).
        linkType = Bytes.i32(b, i + 20, bigEndian) & 0xFFFF;
        in.advance(FILE_HEADER_BYTES);
    }

    @Override
    public String describe() {
        return "pcap " + versionMajor + "." + versionMinor + ", " + (bigEndian ? "big" : "little") + "-endian, "
                + (nanos ? "nanosecond" : "microsecond") + " timestamps, link type " + linkType
                + ", snap length " + snapLength;
    }

    public int linkType() {
        return linkType;
    }

    @Override
    public boolean next(Frame frame) throws IOException {
        while (true) {
            long recordOffset = in.position();
            int have = in.ensure(RECORD_HEADER_BYTES);
            if (have == 0) {
                return false;
            }
            if (have < RECORD_HEADER_BYTES) {
                problems.accept(new CaptureProblem(frameNumber + 1, recordOffset,
                        "the file ends inside a record header (" + have + " of 16 bytes present)", ProblemKinds.FILE_CUT));
                in.advance(have);
                return false;
            }
            byte[] b = in.array();
            int i = in.index();
            long seconds = Bytes.u32(b, i, bigEndian);
            long fraction = Bytes.u32(b, i + 4, bigEndian);
            long captured = Bytes.u32(b, i + 8, bigEndian);
            long original = Bytes.u32(b, i + 12, bigEndian);
            String damage = damage(captured, original);
            if (damage != null) {
                long resumeAt = resync(recordOffset);
                String what = "the record header is damaged: " + damage;
                if (resumeAt < 0) {
                    problems.accept(new CaptureProblem(frameNumber + 1, recordOffset,
                            what + "; no valid record follows, reading stops here", ProblemKinds.RECORD_DAMAGED));
                    return false;
                }
                problems.accept(new CaptureProblem(frameNumber + 1, recordOffset,
                        what + "; skipped " + (resumeAt - recordOffset) + " bytes to the next valid record at byte offset "
                                + resumeAt, ProblemKinds.RECORD_DAMAGED));
                continue;
            }
            int cap = (int) captured;
            int total = RECORD_HEADER_BYTES + cap;
            int got = in.ensure(total);
            if (got < total) {
                problems.accept(new CaptureProblem(frameNumber + 1, recordOffset,
                        "the file ends inside the packet: the record says " + cap + " bytes were captured, only "
                                + Math.max(0, got - RECORD_HEADER_BYTES) + " are present", ProblemKinds.FILE_CUT));
                in.advance(got);
                return false;
            }
            frameNumber++;
            b = in.array();
            i = in.index();
            frame.number = frameNumber;
            long fractionUnits = nanos ? 1_000_000_000L : 1_000_000L;
            if (fraction >= fractionUnits) {
                // tshark reads the record and flags its time ("Fractional second ... is invalid"); the extra is
                // whole seconds on top of the seconds field, so the sum is the time it stands for.
                problems.accept(new CaptureProblem(frameNumber, recordOffset, String.format(
                        "the %s field is %d, out of range (0 to %d); the time is read as %d.%s s past the seconds "
                                + "field, as tshark reads it", nanos ? "nanoseconds" : "microseconds", fraction,
                        fractionUnits - 1, fraction / fractionUnits, nanos ? String.format("%09d", fraction % fractionUnits)
                                : String.format("%06d", fraction % fractionUnits)), ProblemKinds.TIME_FRACTION));
            }
            frame.timestampNanos = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1_000L);
            frame.linkType = linkType;
            frame.interfaceId = 0;
            frame.fileOffset = recordOffset;
            frame.dataFileOffset = recordOffset + RECORD_HEADER_BYTES;
            frame.data = b;
            frame.offset = i + RECORD_HEADER_BYTES;
            frame.capturedLength = cap;
            if (original < captured) {
                problems.accept(new CaptureProblem(frameNumber, recordOffset, "the original length " + original
                        + " is smaller than the captured length " + captured + "; the headers are read from the "
                        + captured + " captured bytes, and the frame counts " + original + " bytes, as in tshark",
                        ProblemKinds.LENGTH_BELOW_CAPTURED));
            }
            frame.originalLength = (int) original;
            lastSeconds = seconds;
            in.advance(total);
            return true;
        }
    }

    /** Why a record header cannot be read as one, or null when it can. */
    private static String damage(long captured, long original) {
        if (captured > MAX_RECORD_BYTES) {
            return "its captured length " + captured + " is above the largest record read, " + MAX_RECORD_BYTES
                    + " bytes";
        }
        if (original > 0x7FFF_FFFFL) {
            return "its original length " + original + " is above 2^31 - 1";
        }
        return null;
    }

    /**
     * After a damaged record header, looks forward for a header that is plausible and is followed by another
     * plausible header (or the end of the file). Returns the file offset found, with the source positioned there,
     * or -1 when none exists. Each candidate offset is tried once, so this always ends.
     */
    private long resync(long damagedAt) throws IOException {
        in.advance(1);
        while (true) {
            int have = in.ensure(RECORD_HEADER_BYTES);
            if (have < RECORD_HEADER_BYTES) {
                in.advance(have);
                return -1;
            }
            byte[] b = in.array();
            int i = in.index();
            long captured = Bytes.u32(b, i + 8, bigEndian);
            if (candidate(b, i, true)) {
                int span = RECORD_HEADER_BYTES + (int) captured;
                int got = in.ensure(span + RECORD_HEADER_BYTES);
                b = in.array();
                i = in.index();
                if (got == span) {
                    return in.position();
                }
                if (got >= span + RECORD_HEADER_BYTES && candidate(b, i + span, false)) {
                    return in.position();
                }
            }
            in.advance(1);
            in.compactIfLarge();
        }
    }

    /**
     * Whether a record header at {@code i} could start a record after damage: plausible fields, captured not above
     * original; for the first candidate also a time within a week of the last good record and a captured length
     * within the snap length.
     */
    private boolean candidate(byte[] b, int i, boolean strict) {
        long seconds = Bytes.u32(b, i, bigEndian);
        long fraction = Bytes.u32(b, i + 4, bigEndian);
        long captured = Bytes.u32(b, i + 8, bigEndian);
        long original = Bytes.u32(b, i + 12, bigEndian);
        // A resynchronised header must look entirely normal: an in-range fraction tells it from random bytes.
        if (damage(captured, original) != null || captured > original || fraction >= (nanos ? 1_000_000_000L : 1_000_000L)) {
            return false;
        }
        if (!strict) {
            return true;
        }
        boolean timeOk = lastSeconds < 0 || Math.abs(seconds - lastSeconds) < 86_400L * 7;
        return timeOk && captured > 0 && captured <= Math.max(snapLength, 262_144L);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
