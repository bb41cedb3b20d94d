package chatlab.bench.server;

import chatlab.bench.ClientProtocol;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The field's servers the bench compares chatlab with, from their Debian packages: each is started by the bench on
 * the loopback with a configuration it writes into the server's temporary folder, the same text that
 * docs/BENCHMARKS.md shows ("Peer servers"; a test keeps the two equal). What would shape the load is lifted there as
 * chatlab's rate limits are for the bench: flood penalties, per-address connection caps, output-buffer limits.
 */
public enum PeerServer {
    /** ngIRCd 26 (Debian {@code ngircd}), an IRC server in C: one process, one thread, epoll. */
    NGIRCD("ngircd", "ngircd", ClientProtocol.IRC, "ngircd.conf", """
            # chatlab bench: ngIRCd on the loopback, written by the bench for one run
            [Global]
            \tName = bench.chatlab.test
            \tInfo = chatlab bench peer
            \tListen = 127.0.0.1
            \tPorts = %1$s
            \tMotdPhrase = chatlab bench
            \tHelpFile = /dev/null
            [Limits]
            \t# no cap on connections, in all or per address (the bench's clients share source addresses, 50 each)
            \tMaxConnections = 0
            \tMaxConnectionsIP = 0
            \tMaxJoins = 0
            \t# room for the names of retried connections (b499r10)
            \tMaxNickLength = 16
            \t# flood protection off: no penalty seconds for commands sent quickly, as chatlab's rate limit is lifted
            \tMaxPenaltyTime = 0
            \tPingTimeout = 120
            \tPongTimeout = 20
            [Options]
            \t# no lookups of the clients' names, ident or passwords when they connect
            \tDNS = no
            \tIdent = no
            \tPAM = no
            \t# an empty folder of its own, so nothing from /etc/ngircd is read
            \tIncludeDir = %2$s/conf.d
            """),
    /** Redis 7.0 (Debian {@code redis-server}): pub/sub, one main thread, epoll. */
    REDIS("redis", "redis-server", ClientProtocol.RESP, "redis.conf", """
            # chatlab bench: Redis on the loopback, written by the bench for one run
            port %1$s
            bind 127.0.0.1
            # protected mode answers only 127.0.0.1 and ::1 when no password is set; the bench's clients connect from
            # 127.0.0.2 and up (50 per address), and the bind above already keeps everyone else out
            protected-mode no
            daemonize no
            # no persistence: nothing is written to disk
            save ""
            appendonly no
            dir %2$s
            logfile ""
            loglevel notice
            # no output-buffer limit for subscribers (the default cuts one off at 32 MB, or 8 MB held for 60 s)
            client-output-buffer-limit pubsub 0 0 0
            maxclients 10000
            """),
    /** NATS server 2.9 (Debian {@code nats-server}), in Go: goroutines over as many threads as there are cores. */
    NATS("nats", "nats-server", ClientProtocol.NATS, "nats.conf", """
            # chatlab bench: NATS on the loopback, written by the bench for one run
            listen: "127.0.0.1:%1$s"
            # the default; the bench's payloads are at most 4 KB
            max_payload: 1MB
            # bytes queued for one client before the server closes it as a slow consumer (default 64 MB)
            max_pending: 1GB
            # how long a write to one client may block before it is closed as a slow consumer (default 10 s)
            write_deadline: "60s"
            max_connections: 65536
            """);

    /** Where Debian puts daemons, which a user's PATH may leave out. */
    private static final List<String> SYSTEM_FOLDERS = List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin",
            "/usr/local/bin");

    private final String kind;
    private final String program;
    private final ClientProtocol protocol;
    private final String configFile;
    private final String configTemplate;

    PeerServer(String kind, String program, ClientProtocol protocol, String configFile, String configTemplate) {
        this.kind = kind;
        this.program = program;
        this.protocol = protocol;
        this.configFile = configFile;
        this.configTemplate = configTemplate;
    }

    /** Its name in {@code --server} and {@code --compare}. */
    public String kind() {
        return kind;
    }

    /** The program, and the Debian package that installs it (the same name for all three). */
    public String program() {
        return program;
    }

    public String debianPackage() {
        return program;
    }

    public ClientProtocol protocol() {
        return protocol;
    }

    /** The configuration for a server on {@code port} whose own folder is {@code folder}. */
    public String config(String port, String folder) {
        return String.format(configTemplate, port, folder);
    }

    /** The program, found on the PATH or in the folders Debian puts servers in. */
    public Optional<Path> find() {
        return findIn(searchFolders());
    }

    /** Why it cannot run here, for the report: one sentence; empty when it is installed. */
    public Optional<String> missing() {
        return missingIn(searchFolders());
    }

    /** The PATH's folders, then Debian's. */
    static List<String> searchFolders() {
        Set<String> folders = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            folders.addAll(List.of(path.split(File.pathSeparator)));
        }
        folders.addAll(SYSTEM_FOLDERS);
        return List.copyOf(folders);
    }

    Optional<Path> findIn(List<String> folders) {
        for (String folder : folders) {
            if (folder.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(folder, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    Optional<String> missingIn(List<String> folders) {
        if (findIn(folders).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("not installed: no " + program + " on the PATH nor in " + String.join(", ", SYSTEM_FOLDERS)
                + " (Debian package " + debianPackage() + ": apt-get install " + debianPackage() + ")");
    }

    /** Writes the configuration into {@code folder} and returns the command line that starts the server with it. */
    List<String> prepare(Path program, Path folder, int port) throws IOException {
        Path config = folder.resolve(configFile);
        Files.writeString(config, config(Integer.toString(port), folder.toAbsolutePath().toString()));
        List<String> command = new ArrayList<>(List.of(program.toString()));
        switch (this) {
            case NGIRCD -> {
                Files.createDirectories(folder.resolve("conf.d"));
                command.addAll(List.of("--nodaemon", "--config", config.toString()));
            }
            case REDIS -> command.add(config.toString());
            case NATS -> command.addAll(List.of("--config", config.toString()));
        }
        return command;
    }
}
