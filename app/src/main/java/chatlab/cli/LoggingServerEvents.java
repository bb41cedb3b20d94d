package chatlab.cli;

import chatlab.server.ServerEvents;
import chatlab.server.handler.Notices;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the server's events to the log: one line per join, leave, refusal and disconnect, with the reason. Every line
 * about a client passes {@link LogLimiter} first, keyed by its {@link Kind} and the client's address, so a flood
 * costs a few lines and a summary per window, not a line per connection. A line added here must do the same.
 */
final class LoggingServerEvents implements ServerEvents, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("chatlab.server");

    /** What a line is about, named as its summary counts it ("5 more refusals from ..."). */
    enum Kind {
        JOIN("joins"), LEAVE("leaves"), DISCONNECT("disconnects"), REFUSAL("refusals"), LOGIN("logins"),
        LOGIN_FAILURE("failed logins"), BEHIND("slow-reader warnings");

        final String plural;

        Kind(String plural) {
            this.plural = plural;
        }
    }

    private final LogLimits limits;
    private final LogLimiter<Kind> limiter;
    private final ScheduledExecutorService summaryTimer;

    LoggingServerEvents(LogLimits limits) {
        this.limits = limits;
        this.limiter = new LogLimiter<>(limits, System::nanoTime);
        this.summaryTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chatlab-log-summaries");
            thread.setDaemon(true);
            return thread;
        });
        // Summaries of a flood that stopped are written within a second of its window's end, not at the next event.
        summaryTimer.scheduleWithFixedDelay(() -> limiter.flushEnded(this::summary), 1, 1, TimeUnit.SECONDS);
    }

    /** Writes the summaries still open and stops the timer. */
    @Override
    public void close() {
        summaryTimer.shutdownNow();
        limiter.flushAll(this::summary);
    }

    private boolean admit(Kind kind, String address) {
        return limiter.admit(kind, address, this::summary);
    }

    private void summary(LogLimiter.Summary<Kind> summary) {
        String window = Notices.human(limits.window());
        if (summary.kind() == null) {
            LOG.warn("{} more lines in the last {}: the log is limited to {} lines per {}", summary.count(), window,
                    limits.maxLinesPerWindow(), window);
        } else if (summary.kind() == Kind.LOGIN_FAILURE) {
            LOG.warn("{} more {} from {} in the last {}", summary.count(), summary.kind().plural, summary.address(),
                    window);
        } else {
            LOG.info("{} more {} from {} in the last {}", summary.count(), summary.kind().plural, summary.address(),
                    window);
        }
    }

    @Override
    public void listening(List<SocketAddress> addresses) {
        List<String> shown = new ArrayList<>();
        for (SocketAddress address : addresses) {
            shown.add(describe(address));
        }
        LOG.info("listening on {}", String.join(", ", shown));
    }

    /** [::]:5000 (every IPv6 and IPv4 address), 127.0.0.1:5000, [::1]:5000. */
    static String describe(SocketAddress address) {
        if (!(address instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return String.valueOf(address);
        }
        String host = chatlab.protocol.lab.LabFormat.address(inet.getAddress());
        String text = (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        if (inet.getAddress().isAnyLocalAddress()) {
            text += host.contains(":") ? " (every IPv6 and IPv4 address)" : " (every IPv4 address)";
        }
        return text;
    }

    /**
     * The address of a remote as the events give it ({@code /127.0.0.1:54321}, {@code /[0:0:0:0:0:0:0:1]:54321}),
     * written as the lab writes addresses, without the port: the key a flood is counted by.
     */
    static String addressOf(String remote) {
        String text = remote.substring(remote.lastIndexOf('/') + 1);
        int portColon = text.lastIndexOf(':');
        if (portColon > 0 && (text.indexOf(':') == portColon || text.charAt(portColon - 1) == ']')) {
            text = text.substring(0, portColon);
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        boolean literal = !text.isEmpty()
                && text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
        if (!literal) {
            return text; // never a name lookup on the logging path
        }
        try {
            return chatlab.protocol.lab.LabFormat.address(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return text;
        }
    }

    private static String addressOf(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return chatlab.protocol.lab.LabFormat.address(inet.getAddress());
        }
        return String.valueOf(remote);
    }

    @Override
    public void joined(String name, String address) {
        if (admit(Kind.JOIN, address)) {
            LOG.info("join {} from {}", name, address);
        }
    }

    @Override
    public void left(String name, String address, String reason) {
        if (admit(Kind.LEAVE, address)) {
            LOG.info("leave {} from {}: {}", name, address, reason);
        }
    }

    @Override
    public void disconnected(SocketAddress remote, String reason) {
        if (admit(Kind.DISCONNECT, addressOf(remote))) {
            LOG.info("disconnect {} (never registered): {}", remote, reason);
        }
    }

    @Override
    public void refused(String who, String reason) {
        if (admit(Kind.REFUSAL, addressOf(who))) {
            LOG.info("refused {}: {}", who, reason);
        }
    }

    @Override
    public void loggedIn(String name, String address) {
        if (admit(Kind.LOGIN, address)) {
            LOG.info("login {} from {}", name, address);
        }
    }

    @Override
    public void loginFailed(String name, String address, String reason) {
        if (admit(Kind.LOGIN_FAILURE, address)) {
            LOG.warn("login failed for {} from {}: {}", name, address, reason);
        }
    }

    /** Keyed by the client's name (or address): one client that keeps falling behind is one line per window. */
    @Override
    public void behind(String who, long queuedBytes) {
        if (admit(Kind.BEHIND, who)) {
            LOG.info("behind {}: {} bytes queued, over the soft limit; cut off unless it drains within the grace", who,
                    queuedBytes);
        }
    }

    /** The log's health changes (a full disk, and its recovery) and its trims; never one line per message. */
    @Override
    public chatlab.history.MessageLogEvents historyEvents() {
        return new chatlab.history.MessageLogEvents() {
            @Override
            public void healthChanged(chatlab.history.LogHealth health) {
                if (health.isOk()) {
                    LOG.info("message log: storing messages again");
                } else {
                    LOG.warn("message log: {}; senders are told their messages are not stored", health.reason());
                }
            }

            @Override
            public void trimmed(chatlab.history.Trimmed trimmed) {
                LOG.debug("message log: {}", trimmed);
            }
        };
    }

    @Override
    public void stopping(int connections) {
        LOG.info("stopping: closing {} connection(s)", connections);
    }
}
