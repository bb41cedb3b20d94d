package chatlab.wire;

/**
 * The RFC 5952 text of an IPv6 address (section 4): lower-case hex, no leading zeros in a group, and the longest
 * run of two or more all-zero groups (the first of equal runs) written as {@code ::}. Java's
 * {@code getHostAddress()} never compresses, so it would write "::1" as "0:0:0:0:0:0:0:1". Like
 * {@code getHostAddress()}, an IPv4-mapped address is written in hex ({@code ::ffff:c000:201}), not in the mixed
 * notation of RFC 5952 section 5.
 */
public final class Ipv6Text {
    private static final int GROUPS = 8;

    private Ipv6Text() {}

    /** The 16 bytes of an address in network order. */
    public static String format(byte[] address) {
        if (address.length != 16) {
            throw new IllegalArgumentException("an IPv6 address has 16 bytes, not " + address.length);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = hi << 8 | (address[i] & 0xFF);
            lo = lo << 8 | (address[8 + i] & 0xFF);
        }
        return format(hi, lo);
    }

    /** An address held as two longs: the first 8 bytes in {@code hi}, the last 8 in {@code lo}, big-endian. */
    public static String format(long hi, long lo) {
        int[] group = new int[GROUPS];
        for (int i = 0; i < 4; i++) {
            group[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            group[4 + i] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        // RFC 5952 4.2.1 to 4.2.3: the longest run, at least two groups, the first one on a tie.
        int runStart = -1;
        int runLength = 1;
        for (int start = 0; start < GROUPS; start++) {
            int end = start;
            while (end < GROUPS && group[end] == 0) {
                end++;
            }
            if (end - start > runLength) {
                runStart = start;
                runLength = end - start;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < GROUPS; i++) {
            if (i == runStart) {
                out.append("::");
                i += runLength - 1;
            } else {
                if (i > 0 && i != runStart + runLength) {
                    out.append(':');
                }
                out.append(Integer.toHexString(group[i]));
            }
        }
        return out.toString();
    }
}
