package chatlab.bench.load;

import java.nio.charset.StandardCharsets;

/**
 * An order-independent fingerprint of a set of names: the sum of a 64-bit hash of each name's bytes. A client's
 * user list holds exactly the bench's current names when it has as many users and the same fingerprint, which the
 * scanners compute as the bytes go by, without making strings. Bench names are plain ASCII, so a lab map's keys
 * (JSON with ensure_ascii) are their bytes.
 */
final class NameHash {
    static final long START = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private NameHash() {}

    /** FNV-1a, one byte at a time. */
    static long step(long hash, byte b) {
        return (hash ^ (b & 0xff)) * PRIME;
    }

    /** Spreads the bits of a finished FNV-1a hash (the MurmurHash3 finalizer), so sums do not cancel out. */
    static long finish(long hash) {
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        return hash ^ (hash >>> 33);
    }

    static long of(String name) {
        long hash = START;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash = step(hash, b);
        }
        return finish(hash);
    }
}
