package chatlab.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, checking it often; never a fixed sleep. */
public final class Await {
    /** Generous, because CI runs on a shared two-core machine; a passing test returns as soon as it can. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private Await() {}

    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT_TIMEOUT, condition);
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMillis = 1;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            pauseMillis = Math.min(pauseMillis * 2, 50);
        }
    }

    /** Waits until {@code condition} holds and describes the last state seen when it never does. */
    public static <T> void until(String what, Supplier<T> state, Predicate<T> condition) {
        until(what, DEFAULT_TIMEOUT, state, condition);
    }

    /** Waits up to {@code timeout} until {@code condition} holds and describes the last state seen when it never does. */
    public static <T> void until(String what, Duration timeout, Supplier<T> state, Predicate<T> condition) {
        try {
            until(what, timeout, () -> condition.test(state.get()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last state: " + state.get(), e);
        }
    }
}
