package chatlab.bench.load;

import chatlab.bench.LoopbackTarget;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Spreads client connections over loopback source addresses, 127.0.0.2 and up, a fixed number per address. Each
 * source address has its own ephemeral port range (about 28,000 ports here), so tens of thousands of connections
 * fit, and a server's per-address connection limit is respected. Addresses ending in .0 and .255 are skipped. An
 * IPv6 target has only ::1 as a loopback source.
 */
public final class SourceAddresses {
    /** 127.0.0.2 is the first source address; 127.0.0.1 is usually the server's. */
    static final int FIRST_HOST = 2;
    /** 127.0.0.2 .. 127.255.255.254 without the .0 and .255 ones. */
    static final long MAX_ADDRESSES = 253 + 254L * 65_535;

    private final int perAddress;
    private final boolean ipv6;
    private final int offset;

    /**
     * @param perAddress connections per source address (keep it under the server's per-address limit)
     * @param offset     addresses to skip first, so two groups of clients use distinct addresses
     */
    public SourceAddresses(InetAddress target, int perAddress, int offset) {
        if (perAddress < 1) {
            throw new IllegalArgumentException("connections per source address must be at least 1");
        }
        this.perAddress = perAddress;
        this.ipv6 = target instanceof Inet6Address;
        this.offset = offset;
    }

    /** The source address of connection {@code index} (0-based). */
    public InetAddress forConnection(long index) {
        if (ipv6) {
            return InetAddress.getLoopbackAddress() instanceof Inet6Address v6 ? v6 : ipv6Loopback();
        }
        return addressNumber(offset + index / perAddress);
    }

    /** How many distinct source addresses {@code connections} connections use. */
    public long addressesFor(long connections) {
        return ipv6 ? 1 : (connections + perAddress - 1) / perAddress;
    }

    public int perAddress() {
        return perAddress;
    }

    /** The n-th source address (0-based): 127.0.0.2, ..., 127.0.0.254, 127.0.1.1, ... */
    static InetAddress addressNumber(long n) {
        if (n < 0 || n >= MAX_ADDRESSES) {
            throw new IllegalArgumentException("no more loopback source addresses (asked for number " + n + ")");
        }
        long host;
        int lastOctet;
        if (n < 253) {
            host = 0;
            lastOctet = (int) n + FIRST_HOST;
        } else {
            long rest = n - 253;
            host = 1 + rest / 254;
            lastOctet = (int) (rest % 254) + 1;
        }
        return LoopbackTarget.v4(127, (int) (host >> 8) & 0xff, (int) host & 0xff, lastOctet);
    }

    private static InetAddress ipv6Loopback() {
        try {
            return InetAddress.getByName("::1");
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
