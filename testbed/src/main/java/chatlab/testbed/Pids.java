package chatlab.testbed;

import chatlab.proc.Stopper;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Finds the processes a testbed recorded, by their PID and start time; they are ended by the proc module's
 * {@link Stopper} (SIGTERM, a grace period, then SIGKILL; by PID, never by name).
 */
final class Pids {
    /** How long a process gets to exit after SIGTERM before it is killed. */
    static final Duration STOP_GRACE = Stopper.DEFAULT_GRACE;

    private Pids() {}

    /** The process with this PID if it is alive and, when {@code started} is given, started at that instant. */
    static Optional<ProcessHandle> alive(long pid, Optional<Instant> started) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> started.isEmpty()
                || p.info().startInstant().map(started.get()::equals).orElse(false));
    }
}
