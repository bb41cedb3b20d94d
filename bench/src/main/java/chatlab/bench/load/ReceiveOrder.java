package chatlab.bench.load;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * What one client has received from each sender, to tell a new message from a duplicate. Both servers relay one
 * sender's messages in order, so the next sequence number is expected; a higher one leaves a gap (remembered, so a
 * late arrival fills it and is not taken for a duplicate), a lower one that fills no gap is a duplicate.
 */
public final class ReceiveOrder {
    /** Gaps remembered per client at the most; beyond, a late arrival is taken for a duplicate. */
    static final int MAX_GAPS = 100_000;

    public enum Outcome { NEW, LATE, DUPLICATE }

    private long[] next = new long[0];
    private final Set<Long> gaps = new HashSet<>();
    private long gapCount;

    public Outcome accept(int sender, long seq) {
        if (sender >= next.length) {
            next = Arrays.copyOf(next, Math.max(sender + 1, next.length * 2));
        }
        long expected = next[sender];
        if (seq == expected) {
            next[sender] = seq + 1;
            return Outcome.NEW;
        }
        if (seq > expected) {
            for (long missing = expected; missing < seq && gaps.size() < MAX_GAPS; missing++) {
                gaps.add(key(sender, missing));
            }
            gapCount += seq - expected;
            next[sender] = seq + 1;
            return Outcome.NEW;
        }
        if (gaps.remove(key(sender, seq))) {
            gapCount--;
            return Outcome.LATE;
        }
        return Outcome.DUPLICATE;
    }

    /** Messages skipped so far (a later one arrived first); they may still come. */
    public long gaps() {
        return gapCount;
    }

    private static long key(int sender, long seq) {
        return ((long) sender << 40) ^ seq;
    }
}
