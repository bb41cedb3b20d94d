package chatlab.protocol.lab;

/**
 * RFC 5952 text form of an IPv6 address: lower-case hex, leading zeros dropped, the longest run of two or more
 * zero groups (the first one on a tie) written as {@code ::}. Java's own {@code getHostAddress()} never
 * compresses, so "::1" would come out as "0:0:0:0:0:0:0:1".
 */
final class Ipv6Text {
    private Ipv6Text() {}

    static String format(byte[] address) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            int length = i - start;
            if (length > bestLength && length >= 2) {
                bestStart = start;
                bestLength = length;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
