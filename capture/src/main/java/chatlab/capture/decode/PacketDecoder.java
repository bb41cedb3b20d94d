package chatlab.capture.decode;

import chatlab.capture.file.Bytes;
import chatlab.capture.file.CaptureProblem;
import chatlab.capture.file.Frame;
import chatlab.capture.file.ProblemKinds;
import java.util.function.Consumer;

/**
 * Decodes link, IP and TCP/UDP headers of a frame into a {@link Packet}. A header that the capture cut short is
 * reported once with the frame number and the file offset where it starts; decoding stops at that layer.
 */
public final class PacketDecoder {
    /** BSD address families that mean IPv6 (NetBSD/OpenBSD 24, FreeBSD 28, Darwin 30). */
    private static final int AF_INET = 2;

    private final Consumer<CaptureProblem> problems;

    public PacketDecoder(Consumer<CaptureProblem> problems) {
        this.problems = problems;
    }

    public void decode(Frame f, Packet p) {
        p.reset();
        byte[] b = f.data;
        int base = f.offset;
        int capEnd = base + f.capturedLength;
        int off;
        int etherType;
        switch (f.linkType) {
            case LinkTypes.ETHERNET -> {
                if (!need(f, base, 14, capEnd, "Ethernet header")) {
                    return;
                }
                etherType = Bytes.u16be(b, base + 12);
                off = base + 14;
                while (etherType == EtherTypes.VLAN || etherType == EtherTypes.QINQ || etherType == EtherTypes.QINQ_OLD) {
                    if (!need(f, off, 4, capEnd, "802.1Q VLAN tag")) {
                        return;
                    }
                    if (p.vlanTags == 0) {
                        p.vlanId = Bytes.u16be(b, off) & 0x0FFF;
                    }
                    p.vlanTags++;
                    etherType = Bytes.u16be(b, off + 2);
                    off += 4;
                }
                if (etherType <= 1500) {
                    // IEEE 802.3 length field: IP only behind LLC/SNAP (AA AA 03, OUI, EtherType).
                    if (off + 8 <= capEnd && (b[off] & 0xFF) == 0xAA && (b[off + 1] & 0xFF) == 0xAA
                            && (b[off + 2] & 0xFF) == 0x03) {
                        etherType = Bytes.u16be(b, off + 6);
                        off += 8;
                    } else {
                        return;
                    }
                }
            }
            case LinkTypes.LINUX_SLL -> {
                if (!need(f, base, 16, capEnd, "Linux cooked (SLL) header")) {
                    return;
                }
                etherType = Bytes.u16be(b, base + 14);
                off = base + 16;
            }
            case LinkTypes.LINUX_SLL2 -> {
                if (!need(f, base, 20, capEnd, "Linux cooked v2 (SLL2) header")) {
                    return;
                }
                etherType = Bytes.u16be(b, base);
                off = base + 20;
            }
            case LinkTypes.NULL, LinkTypes.LOOP -> {
                if (!need(f, base, 4, capEnd, "loopback header")) {
                    return;
                }
                int family = f.linkType == LinkTypes.LOOP ? Bytes.i32be(b, base) : familyEitherOrder(b, base);
                etherType = family == AF_INET ? EtherTypes.IPV4
                        : (family == 24 || family == 28 || family == 30 || family == 10) ? EtherTypes.IPV6 : -1;
                off = base + 4;
            }
            case LinkTypes.RAW, LinkTypes.RAW_12, LinkTypes.RAW_OPENBSD, LinkTypes.IPV4, LinkTypes.IPV6 -> {
                if (!need(f, base, 1, capEnd, "IP header")) {
                    return;
                }
                int v = (b[base] >> 4) & 0xF;
                etherType = v == 4 ? EtherTypes.IPV4 : v == 6 ? EtherTypes.IPV6 : -1;
                off = base;
            }
            default -> {
                return;
            }
        }
        // While a VLAN or cooked header may still wrap another tag.
        while ((etherType == EtherTypes.VLAN || etherType == EtherTypes.QINQ) && off + 4 <= capEnd) {
            p.vlanTags++;
            etherType = Bytes.u16be(b, off + 2);
            off += 4;
        }
        p.linkHeaderLength = off - base;
        int reportedFromIp = f.reportedLength() - (off - base);
        if (etherType == EtherTypes.IPV4) {
            decodeIpv4(f, p, off, capEnd, reportedFromIp);
        } else if (etherType == EtherTypes.IPV6) {
            decodeIpv6(f, p, off, capEnd, reportedFromIp);
        }
    }

    private static int familyEitherOrder(byte[] b, int off) {
        int le = Bytes.i32le(b, off);
        return (le >= 0 && le < 256) ? le : Bytes.i32be(b, off);
    }

    private boolean need(Frame f, int start, int n, int capEnd, String what) {
        return need(f, start, n, capEnd, what, ProblemKinds.cut(what));
    }

    /** Whether {@code n} bytes from {@code start} are present; if not, reports it under {@code cutKind}. */
    private boolean need(Frame f, int start, int n, int capEnd, String what, String cutKind) {
        if (start + n <= capEnd) {
            return true;
        }
        int present = Math.max(0, capEnd - start);
        long at = f.dataFileOffset + (start - f.offset);
        boolean cut = f.truncated() && capEnd == f.offset + f.capturedLength;
        String why = cut ? " (the snap length cut the packet to " + f.capturedLength + " of "
                + f.originalLength + " bytes)" : " (the packet is shorter than its headers)";
        problems.accept(new CaptureProblem(f.number, at, "the " + what + " is incomplete: " + present + " of " + n
                + " bytes present" + why, cut ? cutKind : ProblemKinds.HEADER_SHORT));
        return false;
    }

    private void bad(Frame f, int at, String message, String kind) {
        problems.accept(new CaptureProblem(f.number, f.dataFileOffset + (at - f.offset), message, kind));
    }

    private void decodeIpv4(Frame f, Packet p, int off, int capEnd, int reported) {
        if (!need(f, off, Ipv4Header.MIN_LENGTH, capEnd, "IPv4 header")) {
            return;
        }
        byte[] b = f.data;
        if (Ipv4Header.version(b, off) != 4) {
            return;
        }
        int ihl = Ipv4Header.headerLength(b, off);
        if (ihl < Ipv4Header.MIN_LENGTH) {
            bad(f, off, "the IPv4 header length is " + ihl + " bytes, below the minimum of 20; the packet is skipped",
                    ProblemKinds.IP_HEADER_BAD);
            return;
        }
        if (!need(f, off, ihl, capEnd, "IPv4 header with options")) {
            return;
        }
        int total = Ipv4Header.totalLength(b, off);
        if (total == 0) {
            total = reported; // segmentation offload: the length field was left zero
        }
        if (total < ihl) {
            bad(f, off, "the IPv4 total length " + total + " is smaller than its header (" + ihl + " bytes); skipped",
                    ProblemKinds.IP_HEADER_BAD);
            return;
        }
        int ipLen = Math.min(total, reported);
        p.ipVersion = 4;
        p.ipOffset = off;
        p.ipHeaderLength = ihl;
        p.protocol = Ipv4Header.protocol(b, off);
        p.protocolFieldOffset = off + Ipv4Header.OFFSET_PROTOCOL;
        p.srcHi = 0;
        p.srcLo = Ipv4Header.source(b, off);
        p.dstHi = 0;
        p.dstLo = Ipv4Header.destination(b, off);
        p.kind = Packet.Kind.IP_OTHER;
        if (Ipv4Header.isFragment(b, off)) {
            p.fragment = true;
            p.fragId = Ipv4Header.identification(b, off);
            p.fragOffset = Ipv4Header.fragmentOffsetBytes(b, off);
            p.fragMore = Ipv4Header.moreFragments(b, off);
            fragmentData(p, off + ihl, capEnd, ipLen - ihl);
            return;
        }
        decodeTransport(f, p, off + ihl, capEnd, ipLen - ihl);
    }

    private void decodeIpv6(Frame f, Packet p, int off, int capEnd, int reported) {
        if (!need(f, off, Ipv6Header.LENGTH, capEnd, "IPv6 header")) {
            return;
        }
        byte[] b = f.data;
        if (((b[off] >> 4) & 0xF) != 6) {
            return;
        }
        int payload = Ipv6Header.payloadLength(b, off);
        int ipLen = payload == 0 ? reported : Math.min(Ipv6Header.LENGTH + payload, reported);
        p.ipVersion = 6;
        p.ipOffset = off;
        p.srcHi = Bytes.i64be(b, off + Ipv6Header.OFFSET_SOURCE);
        p.srcLo = Bytes.i64be(b, off + Ipv6Header.OFFSET_SOURCE + 8);
        p.dstHi = Bytes.i64be(b, off + Ipv6Header.OFFSET_DESTINATION);
        p.dstLo = Bytes.i64be(b, off + Ipv6Header.OFFSET_DESTINATION + 8);
        p.kind = Packet.Kind.IP_OTHER;
        int next = Ipv6Header.nextHeader(b, off);
        int nextField = off + Ipv6Header.OFFSET_NEXT_HEADER;
        int q = off + Ipv6Header.LENGTH;
        int guard = 0;
        while (Ipv6Header.isExtension(next)) {
            if (++guard > 64 || !need(f, q, 2, capEnd, "IPv6 extension header")) {
                return;
            }
            int len = Ipv6Header.extensionLength(next, b, q);
            if (next == Ipv6Header.EXT_FRAGMENT) {
                if (!need(f, q, 8, capEnd, "IPv6 fragment header")) {
                    return;
                }
                if (Ipv6Header.isRealFragment(b, q)) {
                    p.fragment = true;
                    p.protocol = b[q] & 0xFF;
                    p.protocolFieldOffset = q;
                    p.ipHeaderLength = q - off;
                    p.fragId = Ipv6Header.fragmentIdentification(b, q);
                    p.fragOffset = Ipv6Header.fragmentOffsetBytes(b, q);
                    p.fragMore = Ipv6Header.moreFragments(b, q);
                    p.fragHeaderOffset = q;
                    p.fragNextFieldOffset = nextField;
                    fragmentData(p, q + 8, capEnd, ipLen - (q + 8 - off));
                    return;
                }
            }
            nextField = q;
            next = b[q] & 0xFF;
            q += len;
        }
        p.ipHeaderLength = q - off;
        p.protocol = next;
        p.protocolFieldOffset = nextField;
        if (q - off > ipLen) {
            bad(f, q, "the IPv6 extension headers run past the payload length; the packet is skipped",
                    ProblemKinds.IP_HEADER_BAD);
            return;
        }
        decodeTransport(f, p, q, capEnd, ipLen - (q - off));
    }

    private static void fragmentData(Packet p, int data, int capEnd, int length) {
        p.fragDataOffset = data;
        p.fragDataLength = Math.max(0, length);
        p.fragDataCaptured = Math.max(0, Math.min(capEnd - data, p.fragDataLength));
    }

    private void decodeTransport(Frame f, Packet p, int l4, int capEnd, int l4Reported) {
        byte[] b = f.data;
        p.l4Offset = l4;
        p.l4ReportedLength = l4Reported;
        int end = Math.min(capEnd, l4 + Math.max(l4Reported, 0));
        p.l4CapturedLength = Math.max(0, end - l4);
        boolean tcp = p.protocol == 6;
        if (!tcp && p.protocol != UdpHeader.PROTOCOL_NUMBER) {
            return;
        }
        if (l4 + 4 <= end) {
            // Both headers start with the two ports: Q11 can use them even when the rest of the header is cut.
            p.srcPort = Bytes.u16be(b, l4);
            p.dstPort = Bytes.u16be(b, l4 + 2);
            p.portsCaptured = true;
        }
        if (tcp) {
            // Wireshark follows a segment (stream, sequence analysis) once its header is there up to the window
            // field; a cut checksum or urgent pointer only keeps its analysis flags from being shown.
            if (l4 + TcpHeader.OFFSET_CHECKSUM > end) {
                need(f, l4, TcpHeader.MIN_LENGTH, end, "TCP header");
                return;
            }
            p.kind = Packet.Kind.TCP;
            p.tcpSeq = TcpHeader.sequence(b, l4);
            p.tcpAck = TcpHeader.acknowledgment(b, l4);
            p.tcpFlags = TcpHeader.flags(b, l4);
            p.tcpWindow = TcpHeader.window(b, l4);
            int hlen = TcpHeader.headerLength(b, l4);
            p.tcpHeaderLength = hlen;
            p.tcpSegmentLength = l4Reported >= hlen ? l4Reported - hlen : -1;
            if (hlen < TcpHeader.MIN_LENGTH) {
                bad(f, l4 + TcpHeader.OFFSET_FLAGS, "bogus TCP header length (" + hlen + ", must be at least "
                        + TcpHeader.MIN_LENGTH + "): the data offset field says " + hlen / 4 + " words; the segment is "
                        + "analysed with it, as Wireshark does, but not counted in its conversation",
                        ProblemKinds.TCP_BOGUS_HEADER_LENGTH);
            } else if (l4 + hlen > end) {
                p.tcpOptionsCut = true;
                if (hlen > TcpHeader.MIN_LENGTH) {
                    need(f, l4, hlen, end, "TCP header with its options", ProblemKinds.TCP_OPTIONS_CUT);
                } else {
                    need(f, l4, hlen, end, "TCP header");
                }
            } else if (hlen > TcpHeader.MIN_LENGTH) {
                p.tcpWindowScale = TcpHeader.windowScale(b, l4, l4 + hlen);
            }
        } else {
            if (!need(f, l4, UdpHeader.LENGTH, end, "UDP header")) {
                return;
            }
            p.kind = Packet.Kind.UDP;
            p.udpLength = UdpHeader.length(b, l4);
            p.udpChecksum = UdpHeader.checksum(b, l4);
        }
    }

    /**
     * Decodes a datagram rebuilt from IP fragments: {@code f} holds the IP header (with the reassembled length and no
     * fragment fields) and everything after it, at {@code f.offset}.
     */
    public void decodeReassembled(Frame f, Packet p) {
        p.reset();
        int base = f.offset;
        int capEnd = base + f.capturedLength;
        // The lengths come from the rebuilt IP header; the bytes present may end earlier if a fragment was cut.
        int reported = FragmentReassembler.MAX_DATAGRAM_BYTES + Ipv6Header.LENGTH;
        int v = (f.data[base] >> 4) & 0xF;
        if (v == 4) {
            decodeIpv4(f, p, base, capEnd, reported);
        } else if (v == 6) {
            decodeIpv6(f, p, base, capEnd, reported);
        }
    }
}
