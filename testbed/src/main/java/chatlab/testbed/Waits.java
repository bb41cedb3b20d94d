package chatlab.testbed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Every wait of a run, with its timeout: each polls a condition until a deadline, cut to what is left of the run's
 * time limit, and a timeout is a warning, never a hang.
 */
final class Waits {
    /** How long the network must stay quiet (every socket's queues empty) before the next action. */
    static final Duration QUIET = Duration.ofMillis(150);
    /** How long to wait for the network to go quiet; under heavy loss retransmissions back off for seconds. */
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(20);
    /**
     * How long a chatlab client waits for the server's first address (IPv4) before trying the next (IPv6). Under
     * heavy loss TCP resends a lost SYN after 1, 2, 4, 8 and 16 s; with the client's usual 5 s a client sometimes
     * went on to IPv6, and a room with one member on IPv6 and the others on IPv4 cannot tell direct messages'
     * senders apart (the lab identifies them by address). The lab's chatclient.py resolves IPv4 only and waits
     * as long as the kernel does.
     */
    static final Duration CLIENT_CONNECT_TIMEOUT = Duration.ofSeconds(60);
    /** A JVM starting on a busy two-core machine, then resolving the server, connecting and registering. */
    static final Duration START_TIMEOUT = CLIENT_CONNECT_TIMEOUT.plusSeconds(30);
    /** How long a client gets to leave after its input ends. */
    static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(20);
    /** How long to wait for the last messages to show up in the clients' output. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 10;

    private final RunLog log;
    private final Duration timeLimit;
    private final long deadline;

    Waits(RunLog log, Duration timeLimit) {
        this.log = log;
        this.timeLimit = timeLimit;
        this.deadline = log.origin() + timeLimit.toNanos();
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; false on timeout. */
    boolean await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                log.warning("timed out after " + timeout.toSeconds() + " s waiting for " + what);
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /** A wait's timeout, cut to what is left of the run's time limit. */
    Duration remaining(Duration timeout) {
        long left = deadline - System.nanoTime();
        return Duration.ofNanos(Math.max(0, Math.min(timeout.toNanos(), left)));
    }

    void checkDeadline() throws TestbedException {
        if (System.nanoTime() > deadline) {
            throw new TestbedException("the run reached its time limit of " + timeLimit.toSeconds()
                    + " s and was stopped");
        }
    }

    /** Sleeps until {@link System#nanoTime()} reaches {@code due}, stopping at the run's time limit. */
    void until(long due) throws TestbedException, InterruptedException {
        while (System.nanoTime() < due) {
            checkDeadline();
            Thread.sleep(Math.max(1, Math.min(50, (due - System.nanoTime()) / 1_000_000)));
        }
        checkDeadline();
    }

    /**
     * Waits until every socket of the hosts that {@code anchors} (processes, one per host) run on has had empty
     * queues for {@link #QUIET}; a timeout is a warning.
     */
    void settle(String when, Collection<HostProcess> anchors) throws InterruptedException {
        List<Long> pids = new ArrayList<>();
        anchors.stream().filter(HostProcess::alive).forEach(p -> pids.add(p.pid()));
        long[] quietSince = {-1};
        boolean quiet = await("the network to go quiet " + when, remaining(SETTLE_TIMEOUT), () -> {
            boolean idle = pids.stream().allMatch(pid -> SocketTable.read(pid).stream().allMatch(SocketTable.Socket::idle));
            long t = System.nanoTime();
            if (!idle) {
                quietSince[0] = -1;
                return false;
            }
            if (quietSince[0] < 0) {
                quietSince[0] = t;
            }
            return t - quietSince[0] >= QUIET.toNanos();
        });
        if (!quiet) {
            log.timelineWarning("the network was still busy " + when + " after " + SETTLE_TIMEOUT.toSeconds()
                    + " s; went on");
        }
    }
}
