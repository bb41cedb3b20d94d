package chatlab.cli;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Keeps the server's log bounded under floods (connection churn, refused logins) without hiding that they happen.
 * Per event kind and address, the first {@code burst} lines of a window are written and the rest counted; when the
 * window ends, one summary says how many were left out. All lines together are capped per window the same way, so
 * many addresses (an IPv6 prefix has plenty) cannot flood it either. Memory is bounded: at most
 * {@link LogLimits#MAX_TRACKED_KEYS} pairs are tracked, and past that the pair whose window began first is summarised
 * early and forgotten. Thread-safe; every call is a map lookup.
 */
final class LogLimiter<K> {
    /** Lines left out: {@code kind} and {@code address} are null for the cap on all lines together. */
    record Summary<K>(K kind, String address, long count) {}

    private record Key<K>(K kind, String address) {}

    /** One pair's window, which begins with its first line. */
    private static final class Window {
        final long startNanos;
        int written;
        long skipped;

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    private final LogLimits limits;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    /** In the order their windows began (a pair is removed when its window ends and added anew after). */
    private final LinkedHashMap<Key<K>, Window> windows = new LinkedHashMap<>();
    private long totalStartNanos;
    private int totalWritten;
    private long totalSkipped;

    LogLimiter(LogLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.windowNanos = limits.window().toNanos();
        this.nanoTime = nanoTime;
        this.totalStartNanos = nanoTime.getAsLong();
    }

    /**
     * Whether a line of this kind about this address may be written now; if not, it is counted for a summary.
     * Summaries of windows that have ended go to {@code summaries} first, so they come before the line.
     */
    synchronized boolean admit(K kind, String address, Consumer<Summary<K>> summaries) {
        long now = nanoTime.getAsLong();
        expire(now, summaries);
        Key<K> key = new Key<>(kind, address);
        Window window = windows.get(key);
        if (window == null) {
            if (windows.size() >= LogLimits.MAX_TRACKED_KEYS) {
                Iterator<Map.Entry<Key<K>, Window>> eldest = windows.entrySet().iterator();
                summarise(eldest.next(), summaries);
                eldest.remove();
            }
            window = new Window(now);
            windows.put(key, window);
        }
        if (window.written >= limits.burst()) {
            window.skipped++;
            return false;
        }
        if (totalWritten >= limits.maxLinesPerWindow()) {
            totalSkipped++;
            return false;
        }
        window.written++;
        totalWritten++;
        return true;
    }

    /** Hands over the summaries of windows that have ended (called now and then, so a quiet log gets them too). */
    synchronized void flushEnded(Consumer<Summary<K>> summaries) {
        expire(nanoTime.getAsLong(), summaries);
    }

    /** Hands over every summary now, ended or not (at shutdown). */
    synchronized void flushAll(Consumer<Summary<K>> summaries) {
        for (Map.Entry<Key<K>, Window> entry : windows.entrySet()) {
            summarise(entry, summaries);
        }
        windows.clear();
        summariseTotal(summaries);
    }

    private void expire(long now, Consumer<Summary<K>> summaries) {
        if (now - totalStartNanos >= windowNanos) {
            summariseTotal(summaries);
            totalStartNanos = now;
            totalWritten = 0;
        }
        Iterator<Map.Entry<Key<K>, Window>> oldestFirst = windows.entrySet().iterator();
        while (oldestFirst.hasNext()) {
            Map.Entry<Key<K>, Window> entry = oldestFirst.next();
            if (now - entry.getValue().startNanos < windowNanos) {
                break;
            }
            summarise(entry, summaries);
            oldestFirst.remove();
        }
    }

    private static <K> void summarise(Map.Entry<Key<K>, Window> entry, Consumer<Summary<K>> summaries) {
        if (entry.getValue().skipped > 0) {
            summaries.accept(new Summary<>(entry.getKey().kind(), entry.getKey().address(), entry.getValue().skipped));
        }
    }

    private void summariseTotal(Consumer<Summary<K>> summaries) {
        if (totalSkipped > 0) {
            summaries.accept(new Summary<>(null, null, totalSkipped));
            totalSkipped = 0;
        }
    }
}
