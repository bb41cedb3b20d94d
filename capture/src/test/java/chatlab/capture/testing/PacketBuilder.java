package chatlab.capture.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Builds packet bytes for synthetic captures: link header (Ethernet with optional VLAN tags, SLL, SLL2, BSD null,
 * raw), IPv4 (with options) or IPv6 (with extension headers), then TCP (with window-scale option) or UDP, with
 * correct lengths and checksums (RFC 791, RFC 8200, RFC 9293, RFC 768, checksum per RFC 1071).
 */
public final class PacketBuilder {
    public enum Link { ETHERNET, SLL, SLL2, NULL, RAW }

    private Link link = Link.ETHERNET;
    private int[] vlans = new int[0];
    private byte[] src = addr("10.0.0.1");
    private byte[] dst = addr("10.0.0.2");
    private byte[] ipv4Options = new byte[0];
    private int[] ipv6Extensions = new int[0];

    public static byte[] addr(String text) {
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A copy with source and destination swapped, for the other direction. */
    public PacketBuilder reversed() {
        PacketBuilder r = new PacketBuilder();
        r.link = link;
        r.vlans = vlans;
        r.src = dst;
        r.dst = src;
        r.ipv4Options = ipv4Options;
        r.ipv6Extensions = ipv6Extensions;
        return r;
    }

    public PacketBuilder link(Link l) {
        this.link = l;
        return this;
    }

    public PacketBuilder vlans(int... ids) {
        this.vlans = ids;
        return this;
    }

    public PacketBuilder addresses(String s, String d) {
        this.src = addr(s);
        this.dst = addr(d);
        return this;
    }

    public PacketBuilder ipv4Options(byte[] opts) {
        this.ipv4Options = opts;
        return this;
    }

    /** IPv6 extension headers to insert, by number (0 hop-by-hop, 43 routing, 60 destination options, 44 fragment). */
    public PacketBuilder ipv6Extensions(int... types) {
        this.ipv6Extensions = types;
        return this;
    }

    public int linkType() {
        return switch (link) {
            case ETHERNET -> 1;
            case SLL -> 113;
            case SLL2 -> 276;
            case NULL -> 0;
            case RAW -> 101;
        };
    }

    /** NOP, NOP, Timestamps (RFC 7323 3.2): what Linux puts on every segment after the handshake (12 bytes). */
    public static final byte[] TIMESTAMPS = {1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0};

    /** A Linux SYN's options (20 bytes): MSS 1460, SACK permitted, Timestamps, NOP, Window Scale {@code shift}. */
    public static byte[] linuxSynOptions(int shift) {
        return new byte[] {2, 4, 0x05, (byte) 0xB4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, (byte) shift};
    }

    /** A TFO cookie option (RFC 7413, kind 34) of 8 bytes and two NOPs (12 bytes). */
    public static final byte[] FAST_OPEN_COOKIE = {34, 10, 1, 2, 3, 4, 5, 6, 7, 8, 1, 1};

    /** A TCP segment; {@code windowScale} below 0 leaves the option out. */
    public byte[] tcp(int sport, int dport, long seq, long ack, int flags, int window, int windowScale, byte[] payload) {
        byte[] options = windowScale >= 0 ? new byte[] {1, 3, 3, (byte) windowScale} : new byte[0];
        return tcp(sport, dport, seq, ack, flags, window, options, payload);
    }

    /** A TCP segment with these options (a multiple of 4 bytes). */
    public byte[] tcp(int sport, int dport, long seq, long ack, int flags, int window, byte[] options, byte[] payload) {
        return ip(6, tcpHeader(sport, dport, seq, ack, flags, window, options, payload, (20 + options.length) / 4), 16);
    }

    /** A TCP segment whose data offset field says {@code dataOffsetWords}, whatever its real header length. */
    public byte[] tcpWithDataOffset(int sport, int dport, long seq, long ack, int flags, int window, int dataOffsetWords,
            byte[] payload) {
        return ip(6, tcpHeader(sport, dport, seq, ack, flags, window, new byte[0], payload, dataOffsetWords), 16);
    }

    private static byte[] tcpHeader(int sport, int dport, long seq, long ack, int flags, int window, byte[] options,
            byte[] payload, int dataOffsetWords) {
        int optLen = options.length;
        byte[] t = new byte[20 + optLen + payload.length];
        put16(t, 0, sport);
        put16(t, 2, dport);
        put32(t, 4, seq);
        put32(t, 8, ack);
        put16(t, 12, (dataOffsetWords << 12) | (flags & 0x0FFF));
        put16(t, 14, window);
        System.arraycopy(options, 0, t, 20, optLen);
        System.arraycopy(payload, 0, t, 20 + optLen, payload.length);
        return t;
    }

    /**
     * A UDP datagram cut into IP fragments: each {@code {offset, length, more}} (offsets and lengths in bytes of the
     * UDP datagram, offsets multiples of 8) becomes one packet, IPv4 with Identification {@code id} or IPv6 with a
     * Fragment header (RFC 8200 4.5). The UDP checksum is computed over the whole datagram.
     */
    public List<byte[]> udpFragments(int sport, int dport, byte[] payload, long id, int[]... pieces) {
        byte[] u = new byte[8 + payload.length];
        put16(u, 0, sport);
        put16(u, 2, dport);
        put16(u, 4, u.length);
        System.arraycopy(payload, 0, u, 8, payload.length);
        int sum = pseudoSum(17, u.length);
        int c = finish(sum + sum(u, 0, u.length));
        put16(u, 6, c == 0 ? 0xFFFF : c);
        List<byte[]> out = new ArrayList<>();
        for (int[] piece : pieces) {
            byte[] part = java.util.Arrays.copyOfRange(u, piece[0], Math.min(u.length, piece[0] + piece[1]));
            boolean more = piece[2] != 0;
            byte[] ip;
            if (src.length == 4) {
                ip = ipv4(17, part);
                put16(ip, 4, (int) id);
                put16(ip, 6, (more ? 0x2000 : 0) | (piece[0] / 8));
                put16(ip, 10, 0);
                put16(ip, 10, finish(sum(ip, 0, 20 + ipv4Options.length)));
            } else {
                byte[] frag = new byte[8 + part.length];
                frag[0] = 17;
                put16(frag, 2, (piece[0] / 8) << 3 | (more ? 1 : 0));
                put32(frag, 4, id);
                System.arraycopy(part, 0, frag, 8, part.length);
                ip = ipv6(44, frag);
            }
            out.add(linkHeader(ip, src.length == 4 ? 0x0800 : 0x86DD));
        }
        return out;
    }

    public byte[] udp(int sport, int dport, byte[] payload) {
        byte[] u = new byte[8 + payload.length];
        put16(u, 0, sport);
        put16(u, 2, dport);
        put16(u, 4, u.length);
        System.arraycopy(payload, 0, u, 8, payload.length);
        return ip(17, u, 6);
    }

    private byte[] ip(int proto, byte[] l4, int checksumOffset) {
        int sum = pseudoSum(proto, l4.length);
        int c = finish(sum + sum(l4, 0, l4.length));
        if (proto == 17 && c == 0) {
            c = 0xFFFF;
        }
        put16(l4, checksumOffset, c);
        byte[] ip = src.length == 4 ? ipv4(proto, l4) : ipv6(proto, l4);
        return linkHeader(ip, src.length == 4 ? 0x0800 : 0x86DD);
    }

    private int pseudoSum(int proto, int len) {
        int s = sum(src, 0, src.length) + sum(dst, 0, dst.length);
        return s + proto + (len & 0xFFFF) + (len >>> 16);
    }

    private byte[] ipv4(int proto, byte[] l4) {
        int hl = 20 + ipv4Options.length;
        byte[] ip = new byte[hl + l4.length];
        ip[0] = (byte) (0x40 | (hl / 4));
        put16(ip, 2, ip.length);
        put16(ip, 4, 0x1234);
        put16(ip, 6, 0x4000);
        ip[8] = 64;
        ip[9] = (byte) proto;
        System.arraycopy(src, 0, ip, 12, 4);
        System.arraycopy(dst, 0, ip, 16, 4);
        System.arraycopy(ipv4Options, 0, ip, 20, ipv4Options.length);
        put16(ip, 10, finish(sum(ip, 0, hl)));
        System.arraycopy(l4, 0, ip, hl, l4.length);
        return ip;
    }

    private byte[] ipv6(int proto, byte[] l4) {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        int first = ipv6Extensions.length > 0 ? ipv6Extensions[0] : proto;
        for (int i = 0; i < ipv6Extensions.length; i++) {
            int next = i + 1 < ipv6Extensions.length ? ipv6Extensions[i + 1] : proto;
            byte[] h = new byte[8];
            h[0] = (byte) next;
            if (ipv6Extensions[i] == 44) {
                h[1] = 0;
                // offset 0, M = 0: an atomic fragment (RFC 6946)
                put32(h, 4, 0xCAFE);
            } else {
                h[1] = 0;
                h[2] = 1; // PadN option filling the 6 remaining bytes
                h[3] = 4;
            }
            ext.writeBytes(h);
        }
        byte[] e = ext.toByteArray();
        byte[] ip = new byte[40 + e.length + l4.length];
        ip[0] = 0x60;
        put16(ip, 4, e.length + l4.length);
        ip[6] = (byte) first;
        ip[7] = 64;
        System.arraycopy(src, 0, ip, 8, 16);
        System.arraycopy(dst, 0, ip, 24, 16);
        System.arraycopy(e, 0, ip, 40, e.length);
        System.arraycopy(l4, 0, ip, 40 + e.length, l4.length);
        return ip;
    }

    private byte[] linkHeader(byte[] ip, int etherType) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (link) {
            case ETHERNET -> {
                out.writeBytes(new byte[] {0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0x66, 0x77, (byte) 0x88, (byte) 0x99, 0});
                for (int v : vlans) {
                    out.write(0x81);
                    out.write(0x00);
                    out.write((v >> 8) & 0x0F);
                    out.write(v & 0xFF);
                }
                out.write(etherType >> 8);
                out.write(etherType & 0xFF);
            }
            case SLL -> {
                byte[] h = new byte[16];
                put16(h, 0, 0); // sent to us
                put16(h, 2, 1); // ARPHRD_ETHER
                put16(h, 4, 6);
                h[6] = 0x02;
                put16(h, 14, etherType);
                out.writeBytes(h);
            }
            case SLL2 -> {
                byte[] h = new byte[20];
                put16(h, 0, etherType);
                put32(h, 4, 1); // interface index
                put16(h, 8, 772); // ARPHRD_LOOPBACK
                h[10] = 0;
                h[11] = 6;
                out.writeBytes(h);
            }
            case NULL -> {
                int family = etherType == 0x0800 ? 2 : 30;
                out.write(family);
                out.write(0);
                out.write(0);
                out.write(0);
            }
            case RAW -> {
            }
        }
        out.writeBytes(ip);
        return out.toByteArray();
    }

    private static int sum(byte[] b, int off, int len) {
        int s = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            s += ((b[off + i] & 0xFF) << 8) | (b[off + i + 1] & 0xFF);
        }
        if ((len & 1) == 1) {
            s += (b[off + len - 1] & 0xFF) << 8;
        }
        return s;
    }

    private static int finish(int s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return ~s & 0xFFFF;
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, long v) {
        b[off] = (byte) (v >> 24);
        b[off + 1] = (byte) (v >> 16);
        b[off + 2] = (byte) (v >> 8);
        b[off + 3] = (byte) v;
    }
}
