package chatlab.check;

import java.time.Duration;

/**
 * Every time bound of a check, in one place. A passing program never waits for any of them except
 * {@link #stall}, and only in the slow-reader scenario when the server holds up its other clients; a failing one
 * costs at most {@link #step} per expectation.
 *
 * @param step        how long to wait for something the lab says must happen (a map, a relay, a printed line)
 * @param serverStart how long the program under test may take to listen on its port (or a client to connect)
 * @param scenario    the most one scenario may take, whatever happens inside it
 * @param run         the most the whole check may take, clean-up included
 * @param stopGrace   how long a program has to end after SIGTERM before its process group is killed
 * @param stall       how long a client's deliveries may make no progress before the server counts as held up (a
 *                    server may hold its clients up while it decides that one is too slow, and then cut it off)
 */
public record CheckTimeouts(Duration step, Duration serverStart, Duration scenario, Duration run, Duration stopGrace,
        Duration stall) {
    // Whole seconds, so that the command line's defaults are these very numbers.
    public static final int DEFAULT_STEP_SECONDS = 5;
    public static final int DEFAULT_SERVER_START_SECONDS = 20;
    public static final int DEFAULT_SCENARIO_SECONDS = 90;
    public static final int DEFAULT_RUN_SECONDS = 600;
    public static final int DEFAULT_STOP_GRACE_SECONDS = 2;
    /** More than chatlab's own server takes to cut off a client that stopped reading (its slow-reader grace, 5 s). */
    public static final int DEFAULT_STALL_SECONDS = 8;

    public static final Duration DEFAULT_STEP = Duration.ofSeconds(DEFAULT_STEP_SECONDS);
    public static final Duration DEFAULT_SERVER_START = Duration.ofSeconds(DEFAULT_SERVER_START_SECONDS);
    public static final Duration DEFAULT_SCENARIO = Duration.ofSeconds(DEFAULT_SCENARIO_SECONDS);
    public static final Duration DEFAULT_RUN = Duration.ofSeconds(DEFAULT_RUN_SECONDS);
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(DEFAULT_STOP_GRACE_SECONDS);
    public static final Duration DEFAULT_STALL = Duration.ofSeconds(DEFAULT_STALL_SECONDS);

    public CheckTimeouts {
        for (Duration d : new Duration[] {step, serverStart, scenario, run, stopGrace, stall}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("every timeout must be positive; got " + d);
            }
        }
    }

    public static CheckTimeouts defaults() {
        return new CheckTimeouts(DEFAULT_STEP, DEFAULT_SERVER_START, DEFAULT_SCENARIO, DEFAULT_RUN, DEFAULT_STOP_GRACE,
                DEFAULT_STALL);
    }

    public CheckTimeouts withStep(Duration value) {
        return new CheckTimeouts(value, serverStart, scenario, run, stopGrace, stall);
    }

    public CheckTimeouts withStopGrace(Duration value) {
        return new CheckTimeouts(step, serverStart, scenario, run, value, stall);
    }

    public CheckTimeouts withStall(Duration value) {
        return new CheckTimeouts(step, serverStart, scenario, run, stopGrace, value);
    }
}
