package chatlab.capture.decode;

import chatlab.wire.Ipv6Text;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Text forms of addresses held as two longs: dotted quad for IPv4, RFC 5952 canonical form for IPv6. */
public final class IpAddresses {
    private IpAddresses() {
    }

    public static String format(int version, long hi, long lo) {
        if (version == 4) {
            return ((lo >>> 24) & 0xFF) + "." + ((lo >>> 16) & 0xFF) + "." + ((lo >>> 8) & 0xFF) + "." + (lo & 0xFF);
        }
        return Ipv6Text.format(hi, lo);
    }

    /** Parses an IP literal (never a host name); returns {version, hi, lo} or throws IllegalArgumentException. */
    public static long[] parse(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        boolean looksV4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean looksV6 = t.contains(":") && t.matches("[0-9A-Fa-f:.]+");
        if (!looksV4 && !looksV6) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address");
        }
        try {
            InetAddress a = InetAddress.getByName(t);
            byte[] raw = a.getAddress();
            if (a instanceof Inet4Address) {
                long v = ((raw[0] & 0xFFL) << 24) | ((raw[1] & 0xFFL) << 16) | ((raw[2] & 0xFFL) << 8) | (raw[3] & 0xFFL);
                return new long[] {4, 0, v};
            }
            if (a instanceof Inet6Address) {
                long hi = 0;
                long lo = 0;
                for (int i = 0; i < 8; i++) {
                    hi = (hi << 8) | (raw[i] & 0xFF);
                    lo = (lo << 8) | (raw[i + 8] & 0xFF);
                }
                return new long[] {6, hi, lo};
            }
        } catch (UnknownHostException e) {
            // fall through
        }
        throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address");
    }
}
