package chatlab.bench.load;

import java.util.Arrays;
import java.util.List;

/**
 * The presence lines one bench event loop has parsed lately, by their exact bytes. The server encodes a presence
 * message once and sends the same bytes to every client, so in a join storm of N the bench would otherwise inflate
 * and parse each announcement N times: the generator, not the server, would set the pace. A hit is a byte-for-byte
 * match, so what a client applies from the cache is exactly what it would have parsed itself.
 *
 * <p>Not thread-safe: one per event loop (see {@link #forThisThread()}).
 */
final class PresenceLineCache {
    /** Distinct lines kept: a storm alternates between the shared snapshot and the latest change. */
    static final int ENTRIES = 8;
    /** Lines longer than this are parsed every time (copying them would cost more than it saves, and memory). */
    static final int MAX_LINE_BYTES = 1 << 20;

    private static final ThreadLocal<PresenceLineCache> PER_THREAD = ThreadLocal.withInitial(PresenceLineCache::new);

    /** What a presence line says, by name: {@code reset} for a welcome (the list starts again). */
    record Parsed(boolean reset, List<String> added, long[] addedHashes, List<String> removed, long[] removedHashes) {
        static Parsed of(boolean reset, List<String> added, List<String> removed) {
            return new Parsed(reset, List.copyOf(added), hashes(added), List.copyOf(removed), hashes(removed));
        }

        private static long[] hashes(List<String> names) {
            long[] hashes = new long[names.size()];
            for (int i = 0; i < hashes.length; i++) {
                hashes[i] = NameHash.of(names.get(i));
            }
            return hashes;
        }
    }

    private final byte[][] lines = new byte[ENTRIES][];
    private final Parsed[] parsed = new Parsed[ENTRIES];
    private int next;
    private long hits;

    static PresenceLineCache forThisThread() {
        return PER_THREAD.get();
    }

    /** The parse of a line with exactly these bytes, or null. */
    Parsed find(byte[] data, int offset, int length) {
        for (int i = 0; i < ENTRIES; i++) {
            byte[] line = lines[i];
            if (line != null && line.length == length && Arrays.equals(line, 0, length, data, offset, offset + length)) {
                hits++;
                return parsed[i];
            }
        }
        return null;
    }

    void put(byte[] data, int offset, int length, Parsed result) {
        if (length > MAX_LINE_BYTES) {
            return;
        }
        lines[next] = Arrays.copyOfRange(data, offset, offset + length);
        parsed[next] = result;
        next = (next + 1) % ENTRIES;
    }

    long hits() {
        return hits;
    }
}
