package chatlab.server;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The messages said here that wait to come back from the cluster ({@link ClusterRelay}), by this server's number for
 * each, bounded in time and count ({@link ClusterLimits}). Numbers rise, so the oldest entry is first and expiry
 * stops at the first that has time left. Confined to the room's loop.
 *
 * @param <T> what is kept per message (its sender and id)
 */
final class PendingReturns<T> {
    private record Entry<T>(T value, long deadlineNanos) {}

    private final ClusterLimits limits;
    private final LongSupplier nanoTime;
    private final Map<Long, Entry<T>> waiting = new LinkedHashMap<>();

    /** @param nanoTime the clock ({@link System#nanoTime} but in tests) */
    PendingReturns(ClusterLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    /** Keeps a message until it comes back; false (nothing kept) when {@link ClusterLimits#maxPendingMessages} wait. */
    boolean add(long ref, T value) {
        if (waiting.size() >= limits.maxPendingMessages()) {
            return false;
        }
        waiting.put(ref, new Entry<>(value, nanoTime.getAsLong() + limits.pendingTimeout().toNanos()));
        return true;
    }

    /** The message with this number, forgotten; null when it is not waiting (never was, or expired). */
    T take(long ref) {
        Entry<T> entry = waiting.remove(ref);
        return entry == null ? null : entry.value();
    }

    /** Forgets and returns every message that waited {@link ClusterLimits#pendingTimeout} or longer, oldest first. */
    List<T> expire() {
        long now = nanoTime.getAsLong();
        List<T> expired = new ArrayList<>();
        Iterator<Entry<T>> oldestFirst = waiting.values().iterator();
        while (oldestFirst.hasNext()) {
            Entry<T> entry = oldestFirst.next();
            if (entry.deadlineNanos() - now > 0) {
                break;
            }
            oldestFirst.remove();
            expired.add(entry.value());
        }
        return expired;
    }

    int size() {
        return waiting.size();
    }

    ClusterLimits limits() {
        return limits;
    }
}
