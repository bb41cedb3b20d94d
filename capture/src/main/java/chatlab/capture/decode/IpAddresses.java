package chatlab.capture.decode;

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
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) ((hi >>> (48 - 16 * i)) & 0xFFFF);
            groups[i + 4] = (int) ((lo >>> (48 - 16 * i)) & 0xFFFF);
        }
        // RFC 5952 4.2: compress the longest run (first if tied) of two or more zero groups.
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] == 0) {
                int j = i;
                while (j < 8 && groups[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
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
