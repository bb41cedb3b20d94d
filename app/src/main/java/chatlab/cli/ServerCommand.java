package chatlab.cli;

import chatlab.protocol.Limits;
import chatlab.protocol.lab.LabFormat;
import chatlab.server.ChatServer;
import chatlab.server.ConnectionLimits;
import chatlab.server.ServerConfig;
import chatlab.server.web.WebConfig;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatlab server}: runs the chat server until Ctrl-C or SIGTERM. */
@Command(
        name = "server",
        defaultValueProvider = OptionDefaults.Server.class,
        mixinStandardHelpOptions = true,
        description = "Runs the chat server. Lab clients (the lab's Python chatclient.py, chatlab client --wire lab, "
                + "nc) and v2 clients (chatlab client) share the default room on one port; v2 clients may join more "
                + "rooms. Stop it with Ctrl-C or SIGTERM.")
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--bind", paramLabel = "ADDR",
            description = "Address to listen on; repeat it for several. Without it the server listens on every "
                    + "IPv6 and IPv4 address.")
    List<String> bind = new ArrayList<>();

    @Option(names = "--port", defaultValue = "" + LabFormat.DEFAULT_PORT,
            description = "TCP port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--lab-udp-port", paramLabel = "PORT", defaultValue = "" + ServerConfig.DEFAULT_LAB_UDP_PORT,
            description = "The UDP port v2 clients are told to send lab clients' direct messages to. Lab clients "
                    + "listen on the lab's port whatever port the server has (default: ${DEFAULT-VALUE}).")
    int labUdpPort;

    @Option(names = "--log-level", defaultValue = "info",
            description = "Log level: error, warn, info, debug or trace (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(names = "--max-name-chars", defaultValue = "" + Limits.DEFAULT_MAX_NAME_CHARS,
            description = "Longest user name, in characters (default: ${DEFAULT-VALUE}).")
    int maxNameChars;

    @Option(names = "--max-message-bytes", defaultValue = "" + Limits.DEFAULT_MAX_MESSAGE_BYTES,
            description = "Longest chatroom message, in UTF-8 bytes; longer ones are refused (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(names = "--max-discard-bytes", defaultValue = "" + Limits.DEFAULT_MAX_DISCARD_BYTES,
            description = "Bytes of one over-long line the server discards, waiting for its newline (or on the lab "
                    + "wire a pause), before it closes the connection (default: ${DEFAULT-VALUE}).")
    int maxDiscardBytes;

    @Option(names = "--max-outbound-bytes", defaultValue = "" + Limits.DEFAULT_MAX_OUTBOUND_BYTES,
            description = "The hard limit of one client's outbound queue: a client with more bytes waiting for it is "
                    + "cut off at once as too slow. Nobody else ever waits for it (default: ${DEFAULT-VALUE}).")
    int maxOutboundBytes;

    @Option(names = "--soft-outbound-bytes", defaultValue = "" + Limits.DEFAULT_SOFT_OUTBOUND_BYTES,
            description = "The soft limit of one client's outbound queue (at most --max-outbound-bytes): a client whose "
                    + "queue passes it and does not drain to half of it within --slow-reader-grace is cut off as too "
                    + "slow (default: ${DEFAULT-VALUE}).")
    int softOutboundBytes;

    @Option(names = "--socket-send-buffer-bytes", defaultValue = "" + Limits.DEFAULT_SOCKET_SEND_BUFFER_BYTES,
            description = "The kernel's send buffer per connection (SO_SNDBUF; Linux doubles it); 0 lets the kernel size "
                    + "it, up to several MiB per client that does not read (default: ${DEFAULT-VALUE}).")
    int socketSendBufferBytes;

    @Option(names = "--registration-timeout", converter = DurationConverter.class,
            description = "How long a new connection may take to send its name, e.g. 60s or 2m (default: ${DEFAULT-VALUE}).")
    Duration registrationTimeout;

    @Option(names = "--max-connections", defaultValue = "" + Limits.DEFAULT_MAX_CONNECTIONS,
            description = "Simultaneous connections accepted (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--slow-reader-grace", converter = DurationConverter.class,
            description = "How long a client's outbound queue may stay over --soft-outbound-bytes before the client "
                    + "is cut off; nobody else waits meanwhile (default: ${DEFAULT-VALUE}).")
    Duration slowReaderGrace;

    @Option(names = "--max-line-bytes", defaultValue = "" + Limits.DEFAULT_MAX_LINE_BYTES,
            description = "Longest v2 line (one JSON message), in bytes; longer ones are refused (default: ${DEFAULT-VALUE}).")
    int maxLineBytes;

    @Option(names = "--rate", defaultValue = "" + Limits.DEFAULT_MESSAGES_PER_SECOND,
            description = "Chatroom and direct messages one connection may send per second, sustained; a lab client "
                    + "over it is slowed (not read until it is back under), a v2 client refused (default: ${DEFAULT-VALUE}).")
    double messagesPerSecond;

    @Option(names = "--burst", defaultValue = "" + Limits.DEFAULT_BURST_MESSAGES,
            description = "Messages one connection may send at once before --rate applies (default: ${DEFAULT-VALUE}).")
    int burstMessages;

    @Option(names = "--rate-abuse-limit", defaultValue = "" + Limits.DEFAULT_RATE_ABUSE_LIMIT,
            description = "Refused messages in a row after which a connection is closed (default: ${DEFAULT-VALUE}).")
    int rateAbuseLimit;

    @Option(names = "--max-users", defaultValue = "" + Limits.DEFAULT_MAX_USERS,
            description = "Registered users on the server, in all rooms together (default: ${DEFAULT-VALUE}).")
    int maxUsers;

    @Option(names = "--default-room", defaultValue = chatlab.protocol.RoomNames.DEFAULT_ROOM, paramLabel = "ROOM",
            description = "The room every user is put in when it registers, and the only one lab clients know (the "
                    + "lab's one chatroom); '#' and up to 32 letters, digits, '-', '_' or '.' (default: "
                    + "${DEFAULT-VALUE}).")
    String defaultRoom;

    @Option(names = "--max-rooms", defaultValue = "" + chatlab.server.RoomConfig.DEFAULT_MAX_ROOMS,
            description = "Rooms on the server, the default room and empty rooms included; a new room beyond it drops "
                    + "the room that has been empty longest, or is refused when none is empty (default: "
                    + "${DEFAULT-VALUE}).")
    int maxRooms;

    @Option(names = "--max-rooms-per-client", defaultValue = "" + chatlab.server.RoomConfig.DEFAULT_MAX_ROOMS_PER_CLIENT,
            description = "Rooms one v2 client may be in at once, the default room included; a join beyond it is "
                    + "refused (default: ${DEFAULT-VALUE}).")
    int maxRoomsPerClient;

    @Option(names = "--max-topic-chars", defaultValue = "" + chatlab.server.RoomConfig.DEFAULT_MAX_TOPIC_CHARS,
            description = "Longest room topic, in characters; a longer one is refused (default: ${DEFAULT-VALUE}).")
    int maxTopicChars;

    @Option(names = "--max-connections-per-address", defaultValue = "" + Limits.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
            description = "Simultaneous connections from one IP address (default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerAddress;

    @Option(names = "--max-users-per-address", defaultValue = "" + ConnectionLimits.DEFAULT_MAX_USERS_PER_ADDRESS,
            description = "Registered users one IP address may have in the room; registered users are never timed out "
                    + "for silence, so this keeps a few hosts from filling the room (default: ${DEFAULT-VALUE}).")
    int maxUsersPerAddress;

    @Option(names = "--max-pending-per-address", defaultValue = "" + ConnectionLimits.DEFAULT_MAX_PENDING_PER_ADDRESS,
            description = "Connections from one IP address that have not registered yet (choosing a name, logging in, "
                    + "in a TLS handshake) (default: ${DEFAULT-VALUE}).")
    int maxPendingPerAddress;

    @Option(names = "--new-address-reserve", defaultValue = "" + ConnectionLimits.DEFAULT_NEW_ADDRESS_RESERVE_PERCENT,
            paramLabel = "PERCENT",
            description = "The last PERCENT of --max-connections admit only addresses that hold no connection yet, so "
                    + "a table filled from a few addresses still lets a newcomer in; 0 turns it off "
                    + "(default: ${DEFAULT-VALUE}).")
    int newAddressReservePercent;

    @Option(names = "--tcp-keepalive-idle", converter = DurationConverter.class,
            description = "TCP keepalive: a connection silent this long is probed by the kernel, so a peer that "
                    + "vanished (host down, cable pulled) is dropped; whole seconds (default: ${DEFAULT-VALUE}).")
    Duration keepAliveIdle;

    @Option(names = "--tcp-keepalive-interval", converter = DurationConverter.class,
            description = "TCP keepalive: time between unanswered probes; whole seconds (default: ${DEFAULT-VALUE}).")
    Duration keepAliveInterval;

    @Option(names = "--tcp-keepalive-probes", defaultValue = "" + ConnectionLimits.DEFAULT_KEEPALIVE_PROBES,
            description = "TCP keepalive: unanswered probes after which the connection is dropped "
                    + "(default: ${DEFAULT-VALUE}).")
    int keepAliveProbes;

    @Option(names = "--tls-handshake-timeout", converter = DurationConverter.class,
            description = "A TLS handshake not finished within this is closed (default: ${DEFAULT-VALUE}).")
    Duration tlsHandshakeTimeout;

    @Option(names = "--log-burst", defaultValue = "" + LogLimits.DEFAULT_BURST,
            description = "Log lines per kind of event (join, leave, disconnect, refusal, login, failed login) and "
                    + "address per --log-window; the rest are counted and summarised in one line "
                    + "(default: ${DEFAULT-VALUE}).")
    int logBurst;

    @Option(names = "--log-window", converter = DurationConverter.class,
            description = "The window --log-burst and --log-max-lines count over (default: ${DEFAULT-VALUE}).")
    Duration logWindow;

    @Option(names = "--log-max-lines", defaultValue = "" + LogLimits.DEFAULT_MAX_LINES_PER_WINDOW,
            description = "Log lines about clients per --log-window from all addresses together; the rest are "
                    + "summarised in one line (default: ${DEFAULT-VALUE}).")
    int logMaxLines;

    @Option(names = "--ping-interval", converter = DurationConverter.class,
            description = "A v2 connection silent this long is sent a ping (default: ${DEFAULT-VALUE}).")
    Duration pingInterval;

    @Option(names = "--idle-timeout", converter = DurationConverter.class,
            description = "A v2 connection silent this long is closed; lab clients are never timed out "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--auth", defaultValue = "off",
            description = "Who must log in: off (anyone, as in the lab), optional (registered names need their password, "
                    + "others join as guests) or required (only registered users) (default: ${DEFAULT-VALUE}).")
    String auth;

    @Option(names = "--users", paramLabel = "FILE",
            description = "The user store (SQLite) for --auth; default: $XDG_DATA_HOME/chatlab/users.db or "
                    + "~/.local/share/chatlab/users.db. Manage it with chatlab users.")
    Path users;

    @Option(names = "--iterations", defaultValue = "" + chatlab.auth.AuthConfig.DEFAULT_ITERATIONS,
            description = "PBKDF2 iterations wanted for password verifiers; weaker ones are upgraded at the next login "
                    + "(default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--login-lockout-failures", defaultValue = "" + chatlab.auth.AuthConfig.DEFAULT_LOCKOUT_FAILURES,
            description = "Failed logins on one account from one address that lock that address out of that account; "
                    + "the owner elsewhere is not affected, and nothing else is ever locked (default: ${DEFAULT-VALUE}).")
    int lockoutFailures;

    @Option(names = "--login-lockout", converter = DurationConverter.class,
            description = "How long such a lockout lasts; failure counts are forgotten this long after their last "
                    + "failure (default: ${DEFAULT-VALUE}).")
    Duration lockout;

    @Option(names = "--login-account-max-delay", converter = DurationConverter.class,
            description = "The longest delay that failures on an account from all addresses together add to every login "
                    + "on it, the owner's included: slows guessing spread over many addresses (default: ${DEFAULT-VALUE}).")
    Duration accountMaxDelay;

    @Option(names = "--max-password-checks", defaultValue = "" + chatlab.auth.AuthConfig.DEFAULT_MAX_PASSWORD_CHECKS,
            description = "Lab-wire password checks (each a full PBKDF2 run) queued or running at once; beyond it a "
                    + "login is told the server is busy, and it does not count as a failure (default: ${DEFAULT-VALUE}).")
    int maxPasswordChecks;

    @Option(names = "--max-logins-per-address", defaultValue = "" + chatlab.auth.AuthConfig.DEFAULT_MAX_LOGINS_PER_ADDRESS,
            description = "Logins from one address under way at once, both wires (waiting out their delay or being "
                    + "checked); beyond it a login is told so, and it does not count as a failure (default: ${DEFAULT-VALUE}).")
    int maxLoginsPerAddress;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate (chain) for TLS; needs --tls-key.")
    File tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key (PKCS#8) for TLS.")
    File tlsKey;

    @Option(names = "--require-tls",
            description = "Refuse v2 logins that do not come over TLS (lab clients cannot speak TLS and stay served).")
    boolean requireTls;

    @Option(names = "--presence-batch", converter = DurationConverter.class,
            description = "User-list changes go out once the room has been quiet this long, as one update per client "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration presenceBatch;

    @Option(names = "--presence-max-delay", converter = DurationConverter.class,
            description = "...but no later than this after the first change, even during a join storm "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration presenceMaxDelay;

    @Option(names = "--presence-budget", defaultValue = "" + ServerConfig.DEFAULT_PRESENCE_BYTES_PER_SECOND,
            description = "Presence traffic the server allows itself, in bytes per second: an announcement waits until "
                    + "this has paid for the last one, also when a newcomer speaks first; its message waits with it "
                    + "(default: ${DEFAULT-VALUE}, 100 MiB/s).")
    long presenceBudget;

    @Option(names = "--io-threads", defaultValue = "" + ServerConfig.DEFAULT_IO_THREADS,
            description = "Network threads; the room runs on the first. One thread is the fastest per CPU-second, "
                    + "more help only with many TLS handshakes (default: ${DEFAULT-VALUE}).")
    int ioThreads;

    @Option(names = "--write-coalescing", converter = DurationConverter.class,
            description = "Under load, when clients get several messages per flush, a flush waits this long (up to 4 "
                    + "times as long, a quarter of the last flush's duration, in big rooms; half as long again, up to "
                    + "3 times, while messages are still arriving) to gather more per system call; a message after a quiet spell, or in a room where each flush carries one message per "
                    + "client, is not delayed; 0 flushes every turn (default: ${DEFAULT-VALUE}).")
    Duration writeCoalescing;

    @Option(names = "--web", paramLabel = "on|off",
            description = "The web client on the same port: a browser opening http://HOST:PORT/ (https:// with TLS) "
                    + "gets a chat page that speaks v2 over a WebSocket. off: an HTTP request is read as a lab "
                    + "client's name, as before (default: ${DEFAULT-VALUE}).")
    String web;

    @Option(names = "--web-origin", paramLabel = "ORIGIN",
            description = "Another site whose pages may open the chat's WebSocket, as scheme://host[:port] (e.g. "
                    + "https://chat.example.org); repeat it for several. Without it only the server's own pages may.")
    List<String> webOrigins = new ArrayList<>();

    @Option(names = "--http-idle-timeout", converter = DurationConverter.class,
            description = "A browser's HTTP connection (not its WebSocket) with no request for this long is closed "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration httpIdleTimeout;

    @picocli.CommandLine.Mixin
    ServerHistoryOptions history = new ServerHistoryOptions();

    @picocli.CommandLine.Mixin
    ServerMetricsOptions metrics = new ServerMetricsOptions();

    @Option(names = "--cluster", paramLabel = "URL",
            description = "Join a cluster of chatlab servers through this NATS broker (nats://HOST:4222; tls:// and "
                    + "user:password@ as NATS takes them); repeat it for several brokers, tried in turn. Without it "
                    + "the server stands alone and needs no NATS (docs/CLUSTER.md).")
    List<String> cluster = new ArrayList<>();

    @Option(names = "--cluster-pending-timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "With --cluster: a message said here that the cluster has not handed back within this long "
                    + "is given up: its v2 sender is told it may or may not reach the room (default: "
                    + "${DEFAULT-VALUE}).")
    Duration clusterPendingTimeout;

    @Option(names = "--cluster-max-pending", paramLabel = "N",
            defaultValue = "" + chatlab.server.ClusterLimits.DEFAULT_MAX_PENDING_MESSAGES,
            description = "With --cluster: messages said here that may wait at once to come back from the cluster; "
                    + "past it a new one is refused (default: ${DEFAULT-VALUE}).")
    int clusterMaxPending;

    @picocli.CommandLine.Mixin
    ServerClusterOptions clusterOptions = new ServerClusterOptions();

    @picocli.CommandLine.Mixin
    ServerClusterAccessOptions clusterAccess = new ServerClusterAccessOptions();

    @Option(names = "--transport",
            description = "auto, epoll, io_uring or nio: auto takes Linux epoll where it loads; io_uring only when asked "
                    + "(default: ${DEFAULT-VALUE}).")
    String transport;

    @Override
    public Integer call() throws Exception {
        LogLevel.apply(logLevel);
        ServerConfig config = config();
        ClusterSetup clusterSetup = clusterSetup(); // its files read before anything starts: a bad one stops here
        LogLimits logLimits = logLimits();
        InetSocketAddress metricsAddress = metrics.address();
        ShutdownSignals signals = ShutdownSignals.install();
        try (ServerMetrics served = metricsAddress == null ? null : ServerMetrics.listen(metricsAddress);
                SecuritySetup security = SecuritySetup.open(authConfig(), users, tlsCert, tlsKey, requireTls);
                LoggingServerEvents events = new LoggingServerEvents(logLimits)) {
            ChatServer server;
            try {
                chatlab.server.ClusterLink link = clusterLink(clusterSetup);
                server = ChatServer.start(config.withSecurity(security.security()), events, link, served != null);
                if (served != null) {
                    served.serve(server, link instanceof NatsCluster nats ? nats : null);
                    LoggerFactory.getLogger("chatlab.server").info("metrics at {}", served.url());
                }
            } catch (chatlab.server.PortInUseException e) {
                throw new UserError(portInUse(e));
            } catch (IOException e) {
                throw new UserError(e.getMessage());
            }
            LoggerFactory.getLogger("chatlab.server").info("{}", security.describe());
            LoggerFactory.getLogger("chatlab.server").info("{}", !cluster.isEmpty()
                    ? "history: every room message is stored in the cluster's streams"
                            + (config.history().enabled() ? "" : " (--history off: none is sent)")
                    : config.history().enabled()
                    ? "history: every room message is stored in " + config.history().file()
                    : "history: off (--history off): this run's last messages are kept in memory only");
            if (config.web().enabled()) {
                LoggerFactory.getLogger("chatlab.server").info("web client at {}",
                        webAddress(config, server.port(), security.security().tls().isPresent()));
            }
            String signal = signals.await();
            LoggerFactory.getLogger("chatlab.server").info("{} received; shutting down", signal);
            server.close();
        }
        return 0;
    }

    /** What --cluster and its options make, before the broker is asked. */
    record ClusterSetup(chatlab.cluster.ClusterConfig config, chatlab.server.ClusterLimits limits) {}

    /**
     * The cluster of --cluster, its limits and its access files read, or null without --cluster; a bad value or file
     * is a usage error.
     */
    ClusterSetup clusterSetup() {
        if (cluster.isEmpty()) {
            if (clusterAccess.given() != null) {
                throw new UserError(clusterAccess.given() + " needs --cluster", 2);
            }
            return null;
        }
        try {
            // The room streams keep what the server's own log would (--history-max-* and their defaults).
            return new ClusterSetup(clusterOptions.applyTo(chatlab.cluster.ClusterConfig.of(cluster))
                    .withRetention(history.settings().log().retention()).withAccess(clusterAccess.access()),
                    new chatlab.server.ClusterLimits(clusterPendingTimeout, clusterMaxPending));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), 2);
        }
    }

    /**
     * The cluster link of --cluster, or null without it; a broker that does not answer, or refuses this server (its
     * TLS certificate or the server's NKey), is a user error.
     */
    chatlab.server.ClusterLink clusterLink(ClusterSetup setup) throws InterruptedException {
        if (setup == null) {
            return null;
        }
        try {
            NatsCluster link = NatsCluster.connect(setup.config(), setup.limits());
            LoggerFactory.getLogger("chatlab.cluster").info("joined the cluster at {} as server {}", cluster,
                    link.server());
            return link;
        } catch (chatlab.cluster.ReplicasRefusedException e) {
            throw new UserError("cannot join the cluster at " + String.join(", ", cluster) + ": " + e.getMessage()
                    + " (--cluster-replicas)");
        } catch (IOException e) {
            throw new UserError("cannot reach the cluster's broker at " + String.join(", ", cluster) + ": "
                    + e.getMessage());
        }
    }

    /** Which port is taken (and on which address, when --bind chose one), and the way out. */
    static String portInUse(chatlab.server.PortInUseException e) {
        String where = e.wildcard() ? "port " + e.port()
                : chatlab.protocol.lab.LabFormat.address(e.address().getAddress()) + " port " + e.port();
        return "cannot listen on " + where + ": it is already in use (is another chatlab server running?); "
                + "choose another with --port";
    }

    chatlab.auth.AuthConfig authConfig() {
        try {
            return chatlab.auth.AuthConfig.defaults(chatlab.auth.AuthMode.parse(auth)).withIterations(iterations)
                    .withLockout(lockoutFailures, lockout).withMaxAccountDelay(accountMaxDelay)
                    .withConcurrency(maxPasswordChecks, maxLoginsPerAddress);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), 2);
        }
    }

    ServerConfig config() {
        Limits limits;
        try {
            limits = new Limits(maxNameChars, maxMessageBytes, maxOutboundBytes, registrationTimeout, maxConnections,
                    slowReaderGrace, maxLineBytes, messagesPerSecond, burstMessages, rateAbuseLimit, maxUsers,
                    maxConnectionsPerAddress, pingInterval, idleTimeout, maxDiscardBytes, softOutboundBytes,
                    socketSendBufferBytes);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), 2);
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (String text : bind) {
            try {
                addresses.add(InetAddress.getByName(text));
            } catch (UnknownHostException e) {
                throw new UserError("cannot resolve --bind address '" + text + "'", 2);
            }
        }
        try {
            return new ServerConfig(addresses, port, limits, presenceBatch, presenceMaxDelay,
                    chatlab.server.ServerSecurity.none(),
                    ioThreads, chatlab.server.Transport.parse(transport), writeCoalescing, presenceBudget,
                    new ConnectionLimits(maxUsersPerAddress, maxPendingPerAddress, newAddressReservePercent,
                            keepAliveIdle, keepAliveInterval, keepAliveProbes, tlsHandshakeTimeout),
                    labUdpPort, new chatlab.server.RoomConfig(defaultRoom, maxRooms, maxRoomsPerClient, maxTopicChars),
                    webConfig(), history.settings());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), 2);
        }
    }

    /** Where a browser finds the page: the first --bind address (or localhost), with https when TLS is set up. */
    static String webAddress(ServerConfig config, int port, boolean tls) {
        String host = config.bindAddresses().isEmpty() || config.bindAddresses().get(0).isAnyLocalAddress()
                ? "localhost" : LabFormat.address(config.bindAddresses().get(0));
        String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        return tls ? "https://" + authority + "/ (and http:// on the same port)" : "http://" + authority + "/";
    }

    /** --web, --web-origin and --http-idle-timeout; a bad value is a usage error. */
    WebConfig webConfig() {
        boolean enabled = switch (web.trim().toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new UserError("--web must be on or off, got '" + web + "'", 2);
        };
        try {
            return new WebConfig(enabled, webOrigins, httpIdleTimeout);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), 2);
        }
    }

    LogLimits logLimits() {
        try {
            return new LogLimits(logBurst, logWindow, logMaxLines);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), 2);
        }
    }
}
