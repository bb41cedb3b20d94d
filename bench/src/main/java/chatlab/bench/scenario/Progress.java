package chatlab.bench.scenario;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Prints a status line about once per second while a run goes on (to stderr in the CLI); silent without a writer. */
public final class Progress implements AutoCloseable {
    private final PrintWriter out;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer;
    private volatile Supplier<String> status = () -> "starting";

    Progress(PrintWriter out, String label) {
        this.out = out;
        if (out == null) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "bench-progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> print(label), 1, 1, TimeUnit.SECONDS);
    }

    public void status(Supplier<String> value) {
        status = value;
    }

    private void print(String label) {
        String line;
        try {
            line = status.get();
        } catch (RuntimeException e) {
            line = "(status failed: " + e + ")";
        }
        synchronized (out) {
            out.printf("[%5.1fs] %s: %s%n", (System.nanoTime() - startNanos) / 1e9, label, line);
            out.flush();
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
