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
 * @param roomSettle  how long users left over from the scenario before may take to leave the room
 * @param stall       how long a client's deliveries may make no progress before the server counts as held up
 */
public record CheckTimeouts(Duration step, Duration serverStart, Duration scenario, Duration run, Duration stopGrace,
        Duration roomSettle, Duration stall) {
    public static final Duration DEFAULT_STEP = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SERVER_START = Duration.ofSeconds(20);
    public static final Duration DEFAULT_SCENARIO = Duration.ofSeconds(90);
    public static final Duration DEFAULT_RUN = Duration.ofMinutes(10);
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(2);
    public static final Duration DEFAULT_ROOM_SETTLE = Duration.ofSeconds(2);
    public static final Duration DEFAULT_STALL = Duration.ofSeconds(3);

    public CheckTimeouts {
        for (Duration d : new Duration[] {step, serverStart, scenario, run, stopGrace, roomSettle, stall}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("every timeout must be positive; got " + d);
            }
        }
    }

    public static CheckTimeouts defaults() {
        return new CheckTimeouts(DEFAULT_STEP, DEFAULT_SERVER_START, DEFAULT_SCENARIO, DEFAULT_RUN, DEFAULT_STOP_GRACE,
                DEFAULT_ROOM_SETTLE, DEFAULT_STALL);
    }

    public CheckTimeouts withStep(Duration value) {
        return new CheckTimeouts(value, serverStart, scenario, run, stopGrace, roomSettle, stall);
    }

    public CheckTimeouts withServerStart(Duration value) {
        return new CheckTimeouts(step, value, scenario, run, stopGrace, roomSettle, stall);
    }

    public CheckTimeouts withScenario(Duration value) {
        return new CheckTimeouts(step, serverStart, value, run, stopGrace, roomSettle, stall);
    }

    public CheckTimeouts withRun(Duration value) {
        return new CheckTimeouts(step, serverStart, scenario, value, stopGrace, roomSettle, stall);
    }

    public CheckTimeouts withStopGrace(Duration value) {
        return new CheckTimeouts(step, serverStart, scenario, run, value, roomSettle, stall);
    }
}
