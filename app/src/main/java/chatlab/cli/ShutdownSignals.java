package chatlab.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Waits for Ctrl-C (SIGINT) or SIGTERM. Handling the signals ourselves, instead of with a shutdown hook, lets the
 * server close its clients cleanly and still exit with status 0.
 */
final class ShutdownSignals {
    private final CountDownLatch received = new CountDownLatch(1);
    private volatile String name = "";

    static ShutdownSignals install() {
        ShutdownSignals signals = new ShutdownSignals();
        for (String signal : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(signal), s -> {
                    signals.name = "SIG" + s.getName();
                    signals.received.countDown();
                });
            } catch (IllegalArgumentException unsupported) {
                // The JVM already uses this signal (for example under -Xrs); the default handling stays.
            }
        }
        return signals;
    }

    /** Blocks until a signal arrives and returns its name. */
    String await() throws InterruptedException {
        received.await();
        return name;
    }
}
