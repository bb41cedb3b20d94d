package chatlab.bench.server;

import chatlab.proc.Finished;
import chatlab.proc.Launch;
import java.io.IOException;
import java.time.Duration;

/** The kernel's USER_HZ (clock ticks per second in /proc), from {@code getconf CLK_TCK}; 100 when that fails. */
final class ClockTicks {
    static final long LINUX_DEFAULT = 100;
    private static volatile long cached;

    private ClockTicks() {}

    static long perSecond() {
        long value = cached;
        if (value == 0) {
            value = ask();
            cached = value;
        }
        return value;
    }

    private static long ask() {
        try {
            Finished getconf = Launch.of("getconf", "CLK_TCK").mergeStderr().run(Duration.ofSeconds(5));
            long ticks = getconf.ok() ? Long.parseLong(getconf.stdout().strip()) : LINUX_DEFAULT;
            return ticks > 0 ? ticks : LINUX_DEFAULT;
        } catch (IOException | NumberFormatException e) {
            return LINUX_DEFAULT;
        }
    }
}
