package chatlab.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C and SIGTERM during a testbed command: the first interrupts the working thread, which then stops its
 * processes by PID and removes what it created before exiting; further ones only say that this is happening. A
 * shutdown hook does the same clean-up if the JVM ends some other way (SIGHUP when the terminal closes).
 */
final class TestbedSignals implements AutoCloseable {
    private final AtomicInteger received = new AtomicInteger();
    private final Thread hook;
    private final SignalHandler[] previous = new SignalHandler[2];
    private static final String[] SIGNALS = {"INT", "TERM"};

    private TestbedSignals(Thread worker, Runnable cleanUp, PrintWriter err) {
        for (int i = 0; i < SIGNALS.length; i++) {
            try {
                previous[i] = Signal.handle(new Signal(SIGNALS[i]), s -> {
                    if (received.getAndIncrement() == 0) {
                        err.println();
                        err.println("chatlab: stopping: ending every process and removing what was created...");
                        err.flush();
                        worker.interrupt();
                    } else {
                        err.println("chatlab: still cleaning up, please wait");
                        err.flush();
                    }
                });
            } catch (IllegalArgumentException unsupported) {
                // The JVM already uses this signal (for example under -Xrs); the shutdown hook still cleans up.
            }
        }
        hook = new Thread(cleanUp, "chatlab-testbed-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Installs the handlers for the current thread's work; {@code cleanUp} must be safe to run twice. */
    static TestbedSignals install(Runnable cleanUp, PrintWriter err) {
        return new TestbedSignals(Thread.currentThread(), cleanUp, err);
    }

    boolean received() {
        return received.get() > 0;
    }

    @Override
    public void close() {
        for (int i = 0; i < SIGNALS.length; i++) {
            if (previous[i] != null) {
                Signal.handle(new Signal(SIGNALS[i]), previous[i]);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or will run; it is idempotent.
        }
    }
}
