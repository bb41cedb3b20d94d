package chatlab.capture.decode;

import chatlab.capture.file.Bytes;
import chatlab.capture.file.CaptureProblem;
import chatlab.capture.file.Frame;
import chatlab.capture.file.ProblemKinds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * Puts IPv4 (RFC 791 3.2) and IPv6 (RFC 8200 4.5) fragments back together, as Wireshark does by default, so that a
 * fragmented UDP datagram or TCP segment is analysed as one, in the frame that completes it. Fragments belong
 * together by source, destination, identification (and, for IPv4, protocol). Where fragments overlap, the bytes of
 * the fragment with the lower offset are kept (Wireshark's order), and the overlap is reported.
 *
 * <p>Memory is bounded: at most {@code maxBufferedBytes} of fragment data (each fragment also counts
 * {@link #FRAGMENT_OVERHEAD_BYTES}) wait at once, the oldest datagram giving way when a new fragment would pass it;
 * a datagram still incomplete {@code timeoutNanos} of capture time after its first fragment is given up. Every
 * datagram given up is reported with the bytes it has and the ones it lacks.
 */
public final class FragmentReassembler {
    /** What one waiting fragment costs beyond its data (object, array header, list slot), for the budget. */
    static final int FRAGMENT_OVERHEAD_BYTES = 96;
    /** Largest datagram: IPv4's Total Length and IPv6's Payload Length are 16 bits. */
    static final int MAX_DATAGRAM_BYTES = 0xFFFF;
    /** Frames named in a message about one datagram; a datagram has at most a few dozen fragments. */
    private static final int FRAMES_NAMED = 8;

    private record Key(int version, long srcHi, long srcLo, long dstHi, long dstLo, long id, int protocol) {
    }

    private record Piece(int offset, int length, int captured, byte[] data, long frame) {
        int end() {
            return offset + length;
        }
    }

    private static final class Datagram {
        final Key key;
        final long firstFrame;
        final long firstFileOffset;
        final long firstNanos;
        final List<Piece> pieces = new ArrayList<>();
        /** The IP header (IPv6: up to the Fragment header) of the fragment at offset 0, once seen. */
        byte[] header;
        int nextFieldIndex = -1;
        int fragmentProtocol;
        int end = -1;
        long bytes;
        boolean overlapReported;

        Datagram(Key key, long frame, long fileOffset, long nanos) {
            this.key = key;
            this.firstFrame = frame;
            this.firstFileOffset = fileOffset;
            this.firstNanos = nanos;
        }
    }

    private final long timeoutNanos;
    private final long maxBufferedBytes;
    private final Consumer<CaptureProblem> problems;
    /** Waiting datagrams in the order of their first fragment, so the oldest is first. */
    private final LinkedHashMap<Key, Datagram> waiting = new LinkedHashMap<>();
    private long buffered;
    private long reassembled;
    private long givenUp;

    public FragmentReassembler(long timeoutNanos, long maxBufferedBytes, Consumer<CaptureProblem> problems) {
        this.timeoutNanos = timeoutNanos;
        this.maxBufferedBytes = maxBufferedBytes;
        this.problems = problems;
    }

    /** Datagrams completed so far. */
    public long reassembled() {
        return reassembled;
    }

    /** Datagrams given up (missing fragments, timeout, buffer limit). */
    public long givenUp() {
        return givenUp;
    }

    /**
     * Adds the fragment that {@code p} describes in frame {@code f}. Returns true when it completes its datagram:
     * {@code out} then holds the datagram as a raw IP frame (the IP header of the first fragment with the whole
     * length and no fragment fields, then the data), numbered and timed as {@code f}; decode it with
     * {@link PacketDecoder#decodeReassembled}.
     */
    public boolean add(Frame f, Packet p, Frame out) {
        expire(f.timestampNanos);
        Key key = new Key(p.ipVersion, p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.fragId,
                p.ipVersion == 4 ? p.protocol : 0);
        int end = p.fragOffset + p.fragDataLength;
        int headerLength = p.ipVersion == 4 ? p.ipHeaderLength : p.fragHeaderOffset - p.ipOffset;
        if (end > MAX_DATAGRAM_BYTES - (p.ipVersion == 4 ? headerLength : 0)) {
            problems.accept(new CaptureProblem(f.number, f.fileOffset, String.format(
                    "an IP fragment (ID 0x%x) at offset %d with %d bytes would end past the largest datagram, %d bytes; "
                            + "it is left out", p.fragId, p.fragOffset, p.fragDataLength, MAX_DATAGRAM_BYTES),
                    ProblemKinds.FRAGMENT_BAD));
            return false;
        }
        Datagram d = waiting.get(key);
        if (d == null) {
            d = new Datagram(key, f.number, f.fileOffset, f.timestampNanos);
            waiting.put(key, d);
        }
        byte[] data = Arrays.copyOfRange(f.data, p.fragDataOffset, p.fragDataOffset + p.fragDataCaptured);
        Piece piece = new Piece(p.fragOffset, p.fragDataLength, p.fragDataCaptured, data, f.number);
        reportOverlap(d, piece, f);
        d.pieces.add(piece);
        long cost = data.length + FRAGMENT_OVERHEAD_BYTES;
        if (p.fragOffset == 0 && d.header == null) {
            d.header = Arrays.copyOfRange(f.data, p.ipOffset, p.ipOffset + headerLength);
            d.nextFieldIndex = p.fragNextFieldOffset < 0 ? -1 : p.fragNextFieldOffset - p.ipOffset;
            d.fragmentProtocol = p.protocol;
            cost += headerLength;
        }
        if (!p.fragMore) {
            if (d.end >= 0 && d.end != end) {
                problems.accept(new CaptureProblem(f.number, f.fileOffset, String.format(
                        "a second last IP fragment (ID 0x%x) ends the datagram at byte %d, the first said %d; the "
                                + "first is kept", p.fragId, end, d.end), ProblemKinds.FRAGMENT_BAD));
            } else {
                d.end = end;
            }
        }
        d.bytes += cost;
        buffered += cost;
        if (complete(d)) {
            waiting.remove(key);
            buffered -= d.bytes;
            reassembled++;
            build(d, f, out);
            return true;
        }
        while (buffered > maxBufferedBytes && !waiting.isEmpty()) {
            Datagram oldest = waiting.values().iterator().next();
            giveUp(oldest, "the fragment buffer (" + maxBufferedBytes + " bytes, --fragment-buffer-bytes) was full");
            waiting.remove(oldest.key);
        }
        return false;
    }

    /** End of the capture: every datagram still waiting is reported. */
    public void finish() {
        for (Datagram d : waiting.values()) {
            giveUp(d, "the capture ended first");
        }
        waiting.clear();
        buffered = 0;
    }

    private void expire(long now) {
        Iterator<Datagram> it = waiting.values().iterator();
        while (it.hasNext()) {
            Datagram d = it.next();
            if (now - d.firstNanos <= timeoutNanos) {
                return;
            }
            giveUp(d, "none came for " + timeoutNanos / 1_000_000_000L + " s of capture time (--fragment-timeout)");
            it.remove();
        }
    }

    private void giveUp(Datagram d, String why) {
        givenUp++;
        buffered -= d.bytes;
        List<Piece> sorted = new ArrayList<>(d.pieces);
        sorted.sort(Comparator.comparingInt(Piece::offset));
        StringBuilder have = new StringBuilder();
        StringBuilder lack = new StringBuilder();
        int pos = 0;
        int haveStart = -1;
        for (Piece x : sorted) {
            if (x.offset() > pos) {
                if (haveStart >= 0) {
                    range(have, haveStart, pos);
                }
                range(lack, pos, x.offset());
                haveStart = x.offset();
            } else if (haveStart < 0) {
                haveStart = x.offset();
            }
            pos = Math.max(pos, x.end());
        }
        if (haveStart >= 0) {
            range(have, haveStart, pos);
        }
        String tail;
        if (d.end < 0) {
            tail = "the last fragment (the one without More Fragments) never came";
        } else if (pos < d.end) {
            range(lack, pos, d.end);
            tail = "bytes " + lack + " never came";
        } else {
            tail = "bytes " + lack + " never came";
        }
        problems.accept(new CaptureProblem(d.firstFrame, d.firstFileOffset, String.format(
                "IP fragments missing: the datagram with ID 0x%x from %s to %s%s has bytes %s in frames %s; %s, and %s; "
                        + "it is not analysed", d.key.id(), IpAddresses.format(d.key.version(), d.key.srcHi(),
                        d.key.srcLo()), IpAddresses.format(d.key.version(), d.key.dstHi(), d.key.dstLo()),
                protocolName(d), have, frames(d), tail, why), ProblemKinds.FRAGMENT_MISSING));
    }

    private static String protocolName(Datagram d) {
        int proto = d.key.version() == 4 ? d.key.protocol() : d.header == null ? -1 : d.fragmentProtocol;
        return proto == 6 ? " (TCP)" : proto == UdpHeader.PROTOCOL_NUMBER ? " (UDP)" : "";
    }

    private static void range(StringBuilder sb, int from, int to) {
        sb.append(sb.length() == 0 ? "" : ", ").append(from).append('-').append(to - 1);
    }

    private static String frames(Datagram d) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.pieces.size() && i < FRAMES_NAMED; i++) {
            sb.append(i == 0 ? "" : ", ").append(d.pieces.get(i).frame());
        }
        if (d.pieces.size() > FRAMES_NAMED) {
            sb.append(" and ").append(d.pieces.size() - FRAMES_NAMED).append(" more");
        }
        return sb.toString();
    }

    private void reportOverlap(Datagram d, Piece piece, Frame f) {
        if (d.overlapReported) {
            return;
        }
        for (Piece x : d.pieces) {
            int from = Math.max(x.offset(), piece.offset());
            int to = Math.min(x.end(), piece.end());
            if (from < to) {
                d.overlapReported = true;
                boolean conflict = false;
                int capTo = Math.min(to, Math.min(x.offset() + x.captured(), piece.offset() + piece.captured()));
                for (int i = from; i < capTo && !conflict; i++) {
                    conflict = x.data()[i - x.offset()] != piece.data()[i - piece.offset()];
                }
                problems.accept(new CaptureProblem(f.number, f.fileOffset, String.format(
                        "overlapping IP fragments: this fragment (ID 0x%x) covers bytes %d-%d of its datagram, frame %d "
                                + "already held %d-%d; %s; the bytes of the fragment with the lower offset are used, as "
                                + "Wireshark does", d.key.id(), piece.offset(), piece.end() - 1, x.frame(), x.offset(),
                        x.end() - 1, conflict ? "their bytes differ (a conflict)" : "their bytes are the same"),
                        ProblemKinds.FRAGMENT_OVERLAP));
                return;
            }
        }
    }

    private static boolean complete(Datagram d) {
        if (d.end < 0 || d.header == null) {
            return false;
        }
        List<Piece> sorted = new ArrayList<>(d.pieces);
        sorted.sort(Comparator.comparingInt(Piece::offset));
        int pos = 0;
        for (Piece x : sorted) {
            if (x.offset() > pos) {
                return false;
            }
            pos = Math.max(pos, x.end());
            if (pos >= d.end) {
                return true;
            }
        }
        return pos >= d.end;
    }

    /** Lays the data out in offset order, each fragment adding only what lies past the bytes already placed. */
    private static void build(Datagram d, Frame f, Frame out) {
        List<Piece> sorted = new ArrayList<>(d.pieces);
        sorted.sort(Comparator.comparingInt(Piece::offset));
        int h = d.header.length;
        byte[] buf = new byte[h + d.end];
        System.arraycopy(d.header, 0, buf, 0, h);
        int placed = 0;
        int capturedPrefix = 0;
        boolean prefixWhole = true;
        for (Piece x : sorted) {
            if (placed >= d.end) {
                break;
            }
            if (x.end() <= placed) {
                continue;
            }
            int from = placed - x.offset();
            int n = Math.min(x.end(), d.end) - placed;
            int fromCaptured = Math.max(0, Math.min(n, x.captured() - from));
            System.arraycopy(x.data(), from, buf, h + placed, fromCaptured);
            if (prefixWhole) {
                capturedPrefix = placed + fromCaptured;
                prefixWhole = fromCaptured == n;
            }
            placed += n;
        }
        if (d.key.version() == 4) {
            Bytes.putU16be(buf, Ipv4Header.OFFSET_TOTAL_LENGTH, Math.min(MAX_DATAGRAM_BYTES, h + d.end));
            Bytes.putU16be(buf, Ipv4Header.OFFSET_FLAGS_FRAGMENT,
                    Bytes.u16be(buf, Ipv4Header.OFFSET_FLAGS_FRAGMENT) & ~(Ipv4Header.FLAG_MORE_FRAGMENTS
                            | Ipv4Header.FRAGMENT_OFFSET_MASK));
        } else {
            Bytes.putU16be(buf, Ipv6Header.OFFSET_PAYLOAD_LENGTH, Math.min(MAX_DATAGRAM_BYTES, h - Ipv6Header.LENGTH
                    + d.end));
            buf[d.nextFieldIndex] = (byte) d.fragmentProtocol;
        }
        out.number = f.number;
        out.timestampNanos = f.timestampNanos;
        out.linkType = LinkTypes.RAW;
        out.interfaceId = f.interfaceId;
        out.fileOffset = f.fileOffset;
        out.dataFileOffset = f.dataFileOffset;
        out.data = buf;
        out.offset = 0;
        out.capturedLength = h + capturedPrefix;
        out.originalLength = f.originalLength;
        out.fragments = d.pieces.size();
        out.firstFragmentFrame = d.firstFrame;
    }
}
