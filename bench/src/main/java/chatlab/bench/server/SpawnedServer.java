package chatlab.bench.server;

import chatlab.bench.ClientProtocol;
import chatlab.bench.LoopbackTarget;
import chatlab.labpython.LabPythonPrograms;
import chatlab.proc.Launch;
import chatlab.proc.RunningProcess;
import chatlab.proc.Stopper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A server the bench starts for itself, as a child process on a free loopback port, so its PID is known: chatlab
 * (the running JVM's own java and class path, limits lifted for benchmarking), the lab's Python
 * {@code chatserver.py}, the same server in plain C ({@link CReferenceServer}, compiled here), or one of the field's
 * servers ({@link PeerServer}: ngIRCd, Redis, NATS, with a configuration written here). It runs in a
 * process group of its own (the proc module's runner) and is always ended with it by its PID: on {@link #close()},
 * and by a shutdown hook on Ctrl-C; SIGTERM first, SIGKILL after a bounded wait. Its output is kept for messages.
 */
public final class SpawnedServer implements AutoCloseable {
    /**
     * How a chatlab server is started: its JVM options (e.g. -Xmx1g) and the main class of the app that runs it. The
     * app hands this over: the bench is below the app and cannot name it; the class is found on the class path.
     */
    public record ChatlabJvm(List<String> options, String mainClass, List<String> serverArgs) {
        public ChatlabJvm {
            options = List.copyOf(options);
            serverArgs = List.copyOf(serverArgs);
        }

        public ChatlabJvm(List<String> options, String mainClass) {
            this(options, mainClass, List.of());
        }

        /** The same JVM, its server started with these options too (e.g. {@code --history off}). */
        public ChatlabJvm withServerArgs(List<String> value) {
            return new ChatlabJvm(options, mainClass, value);
        }
    }
    private static final String PYTHON_READY_LINE = "Waiting for connection...";
    private static final Duration STOP_WAIT = Stopper.DEFAULT_GRACE;
    /** The server's output kept for messages: its start and its end. */
    private static final int OUTPUT_LIMIT_BYTES = 256 * 1024;

    /** Which server to start. */
    public enum Kind {
        CHATLAB("chatlab"),
        PYTHON("python"),
        /** The lab server in plain C with TCP_NODELAY ({@link CReferenceServer}). */
        C("c"),
        /** The same with Nagle's algorithm left on, as chatserver.py has it. */
        C_NAGLE("c-nagle"),
        /** ngIRCd, spoken to in IRC ({@link PeerServer#NGIRCD}). */
        NGIRCD(PeerServer.NGIRCD),
        /** Redis pub/sub, spoken to in RESP3 ({@link PeerServer#REDIS}). */
        REDIS(PeerServer.REDIS),
        /** NATS, spoken to in its client protocol ({@link PeerServer#NATS}). */
        NATS(PeerServer.NATS);

        private final String text;
        private final PeerServer peer;

        Kind(String text) {
            this.text = text;
            this.peer = null;
        }

        Kind(PeerServer peer) {
            this.text = peer.kind();
            this.peer = peer;
        }

        public String text() {
            return text;
        }

        /** One of the field's servers (installed from its Debian package), or empty for chatlab and the lab servers. */
        public Optional<PeerServer> peer() {
            return Optional.ofNullable(peer);
        }

        /** What the bench's clients speak to it. */
        public ClientProtocol protocol() {
            return peer == null ? ClientProtocol.CHAT : peer.protocol();
        }

        /** Compiled from C on this machine: its compiler is needed, best checked before any server runs. */
        public boolean compiledHere() {
            return this == C || this == C_NAGLE;
        }

        public static Kind parse(String text) {
            for (Kind kind : values()) {
                if (kind.text.equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown server '" + text
                    + "'; use chatlab, python, c, c-nagle, ngircd, redis or nats");
        }
    }

    private final Kind kind;
    private final RunningProcess process;
    private final int port;
    private final Path directory;
    private final Thread hook;

    private SpawnedServer(Kind kind, RunningProcess process, int port, Path directory) {
        this.kind = kind;
        this.process = process;
        this.port = port;
        this.directory = directory;
        this.hook = new Thread(() -> {
            stop();
            deleteFolder(directory);
        }, "bench-stop-server-" + process.pid());
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts a server that is not chatlab (python, c, c-nagle, a peer) and waits until it listens. */
    public static SpawnedServer start(Kind kind, int connections, Duration timeout) {
        if (kind == Kind.CHATLAB) {
            throw new IllegalArgumentException("a chatlab server needs its JVM: its options and main class");
        }
        return start(kind, connections, null, timeout);
    }

    /**
     * Starts the server and waits until it listens.
     *
     * @param connections  connections the run will hold at once (chatlab's limits are raised to fit)
     * @param chatlab      how to start a chatlab server; ignored for the others
     */
    public static SpawnedServer start(Kind kind, int connections, ChatlabJvm chatlab, Duration timeout) {
        return start(kind, kind.text(), (directory, port) -> launch(kind, directory, port, connections, chatlab),
                timeout);
    }

    /** Starts a process in a temporary folder of its own on a free loopback port. */
    private interface Launcher {
        RunningProcess launch(Path directory, int port);
    }

    /** Makes the folder, launches, and waits until it listens; whatever fails, nothing is left behind. */
    private static SpawnedServer start(Kind kind, String folderName, Launcher launcher, Duration timeout) {
        Path directory;
        try {
            directory = Files.createTempDirectory("chatlab-bench-" + folderName);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary folder for the " + folderName + " process", e);
        }
        int port;
        RunningProcess process;
        try {
            port = freeLoopbackPort();
            process = launcher.launch(directory, port);
        } catch (RuntimeException e) {
            deleteFolder(directory);
            throw e;
        }
        SpawnedServer server = new SpawnedServer(kind, process, port, directory);
        try {
            server.awaitReady(timeout);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * Starts a message broker for a cluster of chatlab servers: {@code nats-server} with JetStream, on a free loopback
     * port, its streams in its own temporary folder (run as docs/CLUSTER.md runs it: {@code -a 127.0.0.1 -p PORT -js
     * -sd DIR}, nothing else), and waits until it listens. Its {@link #kind()} is {@link Kind#NATS}.
     */
    public static SpawnedServer startClusterBroker(Duration timeout) {
        PeerServer nats = PeerServer.NATS;
        Path program = nats.find().orElseThrow(() -> new IllegalStateException("cannot start the cluster's broker: "
                + nats.missing().orElse("not found")));
        return start(Kind.NATS, "broker", (directory, port) -> {
            try {
                return Launch.of(program.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port), "-js", "-sd",
                        directory.resolve("jetstream").toString()).label("the cluster's broker").mergeStderr()
                        .directory(directory).outputLimit(OUTPUT_LIMIT_BYTES).start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the cluster's broker (" + program + "): "
                        + e.getMessage());
            }
        }, timeout);
    }

    /** The address of a broker the bench started, as a chatlab server's --cluster takes it. */
    public String natsUrl() {
        return "nats://127.0.0.1:" + port;
    }

    private static RunningProcess launch(Kind kind, Path directory, int port, int connections, ChatlabJvm chatlab) {
        Launch launch = switch (kind) {
            case CHATLAB -> Launch.of(chatlabCommand(port, connections, chatlab, directory));
            case PYTHON -> python(directory, port);
            case C, C_NAGLE -> Launch.of(CReferenceServer.command(CReferenceServer.program(), port,
                    kind == Kind.C_NAGLE));
            case NGIRCD, REDIS, NATS -> peer(kind.peer().orElseThrow(), directory, port);
        };
        try {
            return launch.label("the " + kind.text() + " server").mergeStderr().directory(directory)
                    .outputLimit(OUTPUT_LIMIT_BYTES).start();
        } catch (IOException e) {
            String hint = kind.compiledHere()
                    ? " (a temporary folder mounted noexec cannot run it: set -Djava.io.tmpdir)" : "";
            throw new IllegalStateException("cannot start the " + kind.text() + " server: " + e.getMessage() + hint);
        }
    }

    /**
     * The command line of a chatlab server with the limits lifted that would otherwise shape the load, its data
     * (the message log) in the server's own temporary folder, and the jvm's server options last.
     */
    static List<String> chatlabCommand(int port, int connections, ChatlabJvm jvm, Path directory) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        int room = Math.max(1000, connections + 100);
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvm.options());
        command.addAll(List.of("-cp", absoluteClassPath(), jvm.mainClass(), "server",
                "--bind", "127.0.0.1", "--port", Integer.toString(port), "--log-level", "warn",
                "--rate", "1000000", "--burst", "1000000", "--rate-abuse-limit", "1000000",
                "--max-users", Integer.toString(room), "--max-connections", Integer.toString(room),
                "--max-connections-per-address", "100000", "--max-users-per-address", "100000",
                "--max-pending-per-address", "100000", "--new-address-reserve", "0"));
        if (!jvm.serverArgs().contains("--data-dir")) {
            command.addAll(List.of("--data-dir", directory.toAbsolutePath().toString()));
        }
        command.addAll(jvm.serverArgs());
        return command;
    }

    /** The running JVM's class path with every entry absolute (the server runs in its own folder). */
    static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Launch peer(PeerServer peer, Path directory, int port) {
        Path program = peer.find().orElseThrow(() -> new IllegalStateException("cannot start the " + peer.kind()
                + " server: " + peer.missing().orElse("not found")));
        try {
            return Launch.of(peer.prepare(program, directory, port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + peer.kind() + " server's configuration", e);
        }
    }

    private static Launch python(Path directory, int port) {
        LabPythonPrograms.extractTo(directory);
        return Launch.of("python3", "-u", directory.resolve(LabPythonPrograms.SERVER).toString()).environment(
                Map.of("CHAT_SERVER_IP", "127.0.0.1", "CHAT_PORT", Integer.toString(port), "PYTHONIOENCODING", "utf-8"));
    }

    public Kind kind() {
        return kind;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(LoopbackTarget.v4(127, 0, 0, 1), port);
    }

    public boolean isAlive() {
        return process.alive();
    }

    private void awaitReady(Duration timeout) {
        if (!process.await(timeout, () -> !process.alive() || ready())) {
            throw new IllegalStateException("the " + kind.text() + " server did not listen within "
                    + timeout.toSeconds() + " s: " + tail());
        }
        if (!process.alive() && !ready()) {
            throw new IllegalStateException("the " + kind.text() + " server exited at start (status "
                    + process.exitCode().orElse(-1) + "): " + tail());
        }
    }

    private boolean ready() {
        // A probe connection would register a user on a lab server (it takes any first bytes as a name).
        switch (kind) {
            case PYTHON -> {
                return logText().contains(PYTHON_READY_LINE);
            }
            case C, C_NAGLE -> {
                return logText().contains(CReferenceServer.READY_LINE);
            }
            default -> { }
        }
        try (Socket probe = new Socket()) {
            probe.connect(address(), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String logText() {
        return process.stdout();
    }

    /** The last 500 characters the server wrote, for an error message. */
    private String tail() {
        return process.tail(500);
    }

    /** Ends the server with its process group: SIGTERM, a bounded wait, then SIGKILL. */
    private void stop() {
        process.stop(STOP_WAIT);
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs (and finds the process gone)
        }
        deleteFolder(directory);
    }

    /** Removes a server's temporary folder and what is in it. */
    public static void deleteFolder(Path directory) {
        try (var files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }

    static int freeLoopbackPort() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback", e);
        }
    }
}
