package chatlab.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

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
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            if (!getconf.waitFor(5, TimeUnit.SECONDS)) {
                getconf.destroyForcibly();
                return LINUX_DEFAULT;
            }
            String text = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            long ticks = Long.parseLong(text);
            return ticks > 0 ? ticks : LINUX_DEFAULT;
        } catch (IOException | NumberFormatException e) {
            return LINUX_DEFAULT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LINUX_DEFAULT;
        }
    }
}
