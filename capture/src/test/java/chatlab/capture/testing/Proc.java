package chatlab.capture.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A process this test started, with its output collected on a thread so tests can wait for a line; stopped by its
 * own handle (never by name).
 */
public final class Proc implements AutoCloseable {
    private final String name;
    private final Process process;
    private final StringBuffer output = new StringBuffer();

    private Proc(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                output.append("[read failed: ").append(e.getMessage()).append("]\n");
            }
        }, name + "-output");
        t.setDaemon(true);
        t.start();
    }

    public static Proc start(String name, List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        return new Proc(name, pb.start());
    }

    public String output() {
        return output.toString();
    }

    public void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    public void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    public void awaitOutput(String text, Duration limit) {
        await(() -> output().contains(text), limit, name + " to print '" + text + "'");
    }

    /** Waits for a condition, polling; fails with what was awaited and this process's output. */
    public void await(BooleanSupplier condition, Duration limit, String what) {
        await(condition, limit, () -> what);
    }

    /** As above, with the description computed when the wait fails. */
    public void await(BooleanSupplier condition, Duration limit, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what.get()
                        + "; output of " + name + ":\n" + output());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public boolean waitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** SIGTERM, then SIGKILL if it does not exit within five seconds. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }
}
