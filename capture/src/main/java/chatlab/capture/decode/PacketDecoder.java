package chatlab.capture.decode;

import chatlab.capture.file.Bytes;
import chatlab.capture.file.CaptureProblem;
import chatlab.capture.file.Frame;
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
        int reportedFromIp = f.originalLength - (off - base);
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
        if (start + n <= capEnd) {
            return true;
        }
        int present = Math.max(0, capEnd - start);
        long at = f.dataFileOffset + (start - f.offset);
        String why = f.truncated() ? " (the snap length cut the packet to " + f.capturedLength + " of "
                + f.originalLength + " bytes)" : " (the packet is shorter than its headers)";
        problems.accept(new CaptureProblem(f.number, at, "the " + what + " is incomplete: " + present + " of " + n
                + " bytes present" + why));
        return false;
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
            problems.accept(new CaptureProblem(f.number, f.dataFileOffset + (off - f.offset),
                    "the IPv4 header length is " + ihl + " bytes, below the minimum of 20; the packet is skipped"));
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
            problems.accept(new CaptureProblem(f.number, f.dataFileOffset + (off - f.offset),
                    "the IPv4 total length " + total + " is smaller than its header (" + ihl + " bytes); skipped"));
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
            problems.accept(new CaptureProblem(f.number, f.dataFileOffset + (q - f.offset),
                    "the IPv6 extension headers run past the payload length; the packet is skipped"));
            return;
        }
        decodeTransport(f, p, q, capEnd, ipLen - (q - off));
    }

    private void decodeTransport(Frame f, Packet p, int l4, int capEnd, int l4Reported) {
        byte[] b = f.data;
        p.l4Offset = l4;
        p.l4ReportedLength = l4Reported;
        p.l4CapturedLength = Math.max(0, Math.min(capEnd - l4, l4Reported));
        if (p.protocol == 6) {
            if (!need(f, l4, TcpHeader.MIN_LENGTH, Math.min(capEnd, l4 + Math.max(l4Reported, 0)), "TCP header")) {
                return;
            }
            p.kind = Packet.Kind.TCP;
            p.srcPort = TcpHeader.sourcePort(b, l4);
            p.dstPort = TcpHeader.destinationPort(b, l4);
            p.tcpSeq = TcpHeader.sequence(b, l4);
            p.tcpAck = TcpHeader.acknowledgment(b, l4);
            p.tcpFlags = TcpHeader.flags(b, l4);
            p.tcpWindow = TcpHeader.window(b, l4);
            int hlen = TcpHeader.headerLength(b, l4);
            p.tcpHeaderLength = hlen;
            p.tcpSegmentLength = l4Reported >= hlen ? l4Reported - hlen : -1;
            if (hlen > TcpHeader.MIN_LENGTH) {
                int optEnd = l4 + hlen;
                if (optEnd > capEnd) {
                    need(f, l4, hlen, capEnd, "TCP options");
                    optEnd = capEnd;
                }
                p.tcpWindowScale = TcpHeader.windowScale(b, l4, optEnd);
            }
        } else if (p.protocol == UdpHeader.PROTOCOL_NUMBER) {
            if (!need(f, l4, UdpHeader.LENGTH, Math.min(capEnd, l4 + Math.max(l4Reported, 0)), "UDP header")) {
                return;
            }
            p.kind = Packet.Kind.UDP;
            p.srcPort = UdpHeader.sourcePort(b, l4);
            p.dstPort = UdpHeader.destinationPort(b, l4);
            p.udpLength = UdpHeader.length(b, l4);
            p.udpChecksum = UdpHeader.checksum(b, l4);
        }
    }
}
