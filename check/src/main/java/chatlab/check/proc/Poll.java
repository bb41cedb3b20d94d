package chatlab.check.proc;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by looking at it often, up to a deadline; never a fixed sleep. */
public final class Poll {
    private static final long FIRST_PAUSE_NANOS = 1_000_000;
    private static final long MAX_PAUSE_NANOS = 20_000_000;

    private Poll() {}

    /** True as soon as {@code condition} holds, false when {@code timeout} passes first. */
    public static boolean until(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(pause, left) / 1_000_000));
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
        return true;
    }
}
