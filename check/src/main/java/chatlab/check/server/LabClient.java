package chatlab.check.server;

import chatlab.check.net.LabSlot;
import chatlab.check.proc.Poll;
import chatlab.check.proc.ProgramProcess;
import chatlab.check.wire.PythonDict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lab's own Python client ({@code chatclient.py}, our faithful completion) on a lab host, typed into as a
 * student would: its name first, then lines. It is the reference for what the lab's client makes of a server.
 */
final class LabClient {
    /** How often {@code #ls} is typed while waiting for the client's user list to be as expected. */
    private static final Duration LS_PAUSE = Duration.ofMillis(200);

    /** The last thing {@code #ls} printed, and whether it listed the expected users. */
    record Listing(Map<String, String> expected, Optional<String> printed, boolean matched) {}

    private final String name;
    private final LabSlot slot;
    private final ProgramProcess process;

    LabClient(String name, LabSlot slot, ProgramProcess process) {
        this.name = name;
        this.slot = slot;
        this.process = process;
    }

    String name() {
        return name;
    }

    String address() {
        return slot.address();
    }

    ProgramProcess process() {
        return process;
    }

    /**
     * Types {@code #ls} until the printed user list equals {@code expected} (names and addresses, any order), at
     * most until {@code timeout}; returns the last list printed.
     */
    Listing listUntil(Map<String, String> expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<String> last = Optional.empty();
        while (true) {
            int mark = process.mark();
            process.type("#ls");
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            Poll.until(left.compareTo(LS_PAUSE) < 0 ? left : LS_PAUSE, () -> listed(mark).isPresent());
            Optional<String> printed = listed(mark);
            if (printed.isPresent()) {
                last = printed;
                if (PythonDict.find(printed.get()).map(expected::equals).orElse(false)) {
                    return new Listing(expected, last, true);
                }
            }
            if (System.nanoTime() > deadline || !process.alive()) {
                return new Listing(expected, last, false);
            }
        }
    }

    /** The line {@code #ls} printed after the mark: a dictionary, or None before the first user map. */
    private Optional<String> listed(int mark) {
        List<String> printed = process.printedFrom(mark);
        return printed.stream().filter(l -> PythonDict.find(l).isPresent() || l.endsWith("None")).findFirst();
    }
}
