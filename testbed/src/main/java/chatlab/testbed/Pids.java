package chatlab.testbed;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Ends processes by their PID: SIGTERM, a grace period, then SIGKILL. Never by name. */
final class Pids {
    /** How long a process gets to exit after SIGTERM before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** How long to wait for the kernel to report a killed process gone. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private Pids() {}

    /** The process with this PID if it is alive and, when {@code started} is given, started at that instant. */
    static Optional<ProcessHandle> alive(long pid, Optional<Instant> started) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> started.isEmpty()
                || p.info().startInstant().map(started.get()::equals).orElse(false));
    }

    /**
     * Sends SIGTERM, waits up to {@code grace}, then SIGKILL. Returns true when the process ended by itself after
     * SIGTERM, false when it had to be killed.
     */
    static boolean stop(ProcessHandle process, Duration grace) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        if (awaitExit(process, grace)) {
            return true;
        }
        process.destroyForcibly();
        awaitExit(process, KILL_WAIT);
        return false;
    }

    /** Waits for the process to end; interruptions are remembered but do not cut the wait short. */
    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return !process.isAlive();
                }
                try {
                    process.onExit().get(left, TimeUnit.NANOSECONDS);
                    return true;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (TimeoutException e) {
                    return !process.isAlive();
                } catch (ExecutionException e) {
                    return !process.isAlive();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
