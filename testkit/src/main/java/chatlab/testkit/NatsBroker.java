package chatlab.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nats-server (Debian's package, for the cluster's tests) for one test: JetStream on, its store in the test's folder, on a free port of
 * the loopback. {@link #kill} ends it with SIGKILL (its process, by PID); {@link #start} again brings it back on the
 * same port with the same store, as an operator's restart would.
 */
public final class NatsBroker implements AutoCloseable {
    private static final Path[] BINARIES = {Path.of("/usr/sbin/nats-server"), Path.of("/usr/bin/nats-server")};

    private final Path store;
    private final int port;
    /** More of nats-server's options: TLS ({@code --tls --tlscert F --tlskey F}), a configuration file ({@code -c F}). */
    private final List<String> options;
    private Process process;

    private NatsBroker(Path dir, List<String> options) throws IOException {
        this.options = List.copyOf(options);
        this.store = Files.createDirectories(dir.resolve("jetstream"));
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            this.port = probe.getLocalPort();
        }
    }

    public static NatsBroker start(Path dir) throws IOException {
        return start(dir, List.of());
    }

    /** @param options more of nats-server's command line (see {@code nats-server --help}), after the port and store */
    public static NatsBroker start(Path dir, List<String> options) throws IOException {
        NatsBroker broker = new NatsBroker(dir, options);
        broker.start();
        return broker;
    }

    /** A broker that lets in only the NATS user of this NKey public key ({@code U...}); its configuration in dir. */
    public static NatsBroker startForNKeyUser(Path dir, String publicKey) throws IOException {
        Path config = Files.writeString(Files.createDirectories(dir).resolve("nats.conf"),
                "authorization { users = [ { nkey: \"" + publicKey + "\" } ] }\n");
        return start(dir, List.of("-c", config.toString()));
    }

    public void start() throws IOException {
        Path binary = List.of(BINARIES).stream().filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("nats-server is not installed (apt-get install nats-server)"));
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-a", "127.0.0.1", "-p",
                Integer.toString(port), "-js", "-sd", store.toString()));
        command.addAll(options);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(store.resolveSibling("nats-server.log").toFile()))
                .start();
        Await.until("nats-server listening on " + port, Duration.ofSeconds(30), this::listening);
    }

    /** SIGKILL, as a crash: the broker writes nothing more. Waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** The URL for a broker started with {@code --tls}. */
    public String tlsUrl() {
        return "tls://127.0.0.1:" + port;
    }

    private boolean listening() {
        if (!process.isAlive()) {
            throw new IllegalStateException("nats-server exited with " + process.exitValue() + "; see "
                    + store.resolveSibling("nats-server.log"));
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy(); // SIGTERM to its PID: JetStream flushes its store and exits
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
