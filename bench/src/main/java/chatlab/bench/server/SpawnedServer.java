package chatlab.bench.server;

import chatlab.bench.LoopbackTarget;
import chatlab.labpython.LabPythonPrograms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A server the bench starts for itself, as a child process on a free loopback port, so its PID is known: chatlab
 * (the running JVM's own java and class path, limits lifted for benchmarking), the lab's Python
 * {@code chatserver.py}, or the same server in plain C ({@link CReferenceServer}, compiled here). It is always
 * ended by its PID: on {@link #close()}, and by a shutdown hook on Ctrl-C; first politely
 * ({@link Process#destroy()}), then forcibly after a bounded wait. Its output goes to a log file.
 */
public final class SpawnedServer implements AutoCloseable {
    /** The class a chatlab server is started with (in the app module, found on the class path). */
    public static final String CHATLAB_MAIN_CLASS = "chatlab.cli.Main";
    private static final String PYTHON_READY_LINE = "Waiting for connection...";
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    /** Which server to start. */
    public enum Kind {
        CHATLAB("chatlab"),
        PYTHON("python"),
        /** The lab server in plain C with TCP_NODELAY ({@link CReferenceServer}). */
        C("c"),
        /** The same with Nagle's algorithm left on, as chatserver.py has it. */
        C_NAGLE("c-nagle");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        public String text() {
            return text;
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
            throw new IllegalArgumentException("unknown server '" + text + "'; use chatlab, python, c or c-nagle");
        }
    }

    private final Kind kind;
    private final Process process;
    private final int port;
    private final Path log;
    private final Path directory;
    private final Thread hook;

    private SpawnedServer(Kind kind, Process process, int port, Path log, Path directory) {
        this.kind = kind;
        this.process = process;
        this.port = port;
        this.log = log;
        this.directory = directory;
        this.hook = new Thread(() -> {
            stop();
            deleteFolder(directory);
        }, "bench-stop-server-" + process.pid());
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts the server and waits until it listens.
     *
     * @param connections  connections the run will hold at once (chatlab's limits are raised to fit)
     * @param javaOptions  extra JVM options for a chatlab server (e.g. -Xmx1g); ignored for python
     */
    public static SpawnedServer start(Kind kind, int connections, List<String> javaOptions, Duration timeout) {
        Path directory;
        try {
            directory = Files.createTempDirectory("chatlab-bench-" + kind.text());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary folder for the server", e);
        }
        Path log = directory.resolve("server.log");
        int port;
        Process process;
        try {
            port = freeLoopbackPort();
            process = launch(kind, directory, log, port, connections, javaOptions);
        } catch (RuntimeException e) {
            deleteFolder(directory);
            throw e;
        }
        SpawnedServer server = new SpawnedServer(kind, process, port, log, directory);
        try {
            server.awaitReady(timeout);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static Process launch(Kind kind, Path directory, Path log, int port, int connections,
            List<String> javaOptions) {
        ProcessBuilder builder = switch (kind) {
            case CHATLAB -> new ProcessBuilder(chatlabCommand(port, connections, javaOptions));
            case PYTHON -> python(directory, port);
            case C, C_NAGLE -> new ProcessBuilder(CReferenceServer.command(CReferenceServer.program(), port,
                    kind == Kind.C_NAGLE));
        };
        builder.redirectErrorStream(true).redirectOutput(log.toFile()).directory(directory.toFile());
        try {
            return builder.start();
        } catch (IOException e) {
            String hint = kind.compiledHere()
                    ? " (a temporary folder mounted noexec cannot run it: set -Djava.io.tmpdir)" : "";
            throw new IllegalStateException("cannot start the " + kind.text() + " server: " + e.getMessage() + hint);
        }
    }

    /** The command line of a chatlab server with the limits lifted that would otherwise shape the load. */
    static List<String> chatlabCommand(int port, int connections, List<String> javaOptions) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        int room = Math.max(1000, connections + 100);
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", absoluteClassPath(), CHATLAB_MAIN_CLASS, "server",
                "--bind", "127.0.0.1", "--port", Integer.toString(port), "--log-level", "warn",
                "--rate", "1000000", "--burst", "1000000", "--rate-abuse-limit", "1000000",
                "--max-users", Integer.toString(room), "--max-connections", Integer.toString(room),
                "--max-connections-per-address", "100000", "--max-users-per-address", "100000",
                "--max-pending-per-address", "100000", "--new-address-reserve", "0"));
        return command;
    }

    /** The running JVM's class path with every entry absolute (the server runs in its own folder). */
    static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static ProcessBuilder python(Path directory, int port) {
        LabPythonPrograms.extractTo(directory);
        ProcessBuilder builder = new ProcessBuilder("python3", "-u",
                directory.resolve(LabPythonPrograms.SERVER).toString());
        builder.environment().put("CHAT_SERVER_IP", "127.0.0.1");
        builder.environment().put("CHAT_PORT", Integer.toString(port));
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        return builder;
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

    /** The server's output (the run's log). */
    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the " + kind.text() + " server exited at start (status "
                        + process.exitValue() + "): " + tail());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the " + kind.text() + " server did not listen within "
                        + timeout.toSeconds() + " s: " + tail());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
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
        return textOf(log);
    }

    private String tail() {
        return tailOf(log);
    }

    private static String textOf(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last 500 characters a program wrote to {@code file}, for an error message. */
    public static String tailOf(Path file) {
        String text = textOf(file).strip();
        return text.isEmpty() ? "(no output)" : text.substring(Math.max(0, text.length() - 500));
    }

    /** Ends the process: destroy, a bounded wait, then destroyForcibly. */
    private void stop() {
        stop(process);
    }

    /** Ends a child process: destroy, a bounded wait, then destroyForcibly (the C load generator's too). */
    public static void stop(Process process) {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
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

    /** Removes a folder of plain files (a server's temporary folder). */
    static void deleteFolder(Path directory) {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
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
