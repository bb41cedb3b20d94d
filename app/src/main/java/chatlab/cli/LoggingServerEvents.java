package chatlab.cli;

import chatlab.server.ServerEvents;
import java.net.SocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the server's events to the log: one line per join, leave, refusal and disconnect, with the reason. */
final class LoggingServerEvents implements ServerEvents {
    private static final Logger LOG = LoggerFactory.getLogger("chatlab.server");

    @Override
    public void listening(List<SocketAddress> addresses) {
        List<String> shown = new java.util.ArrayList<>();
        for (SocketAddress address : addresses) {
            shown.add(describe(address));
        }
        LOG.info("listening on {}", String.join(", ", shown));
    }

    /** [::]:5000 (every IPv6 and IPv4 address), 127.0.0.1:5000, [::1]:5000. */
    static String describe(SocketAddress address) {
        if (!(address instanceof java.net.InetSocketAddress inet) || inet.getAddress() == null) {
            return String.valueOf(address);
        }
        String host = chatlab.protocol.lab.LabFormat.address(inet.getAddress());
        String text = (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        if (inet.getAddress().isAnyLocalAddress()) {
            text += host.contains(":") ? " (every IPv6 and IPv4 address)" : " (every IPv4 address)";
        }
        return text;
    }

    @Override
    public void joined(String name, String address) {
        LOG.info("join {} from {}", name, address);
    }

    @Override
    public void left(String name, String address, String reason) {
        LOG.info("leave {} from {}: {}", name, address, reason);
    }

    @Override
    public void disconnected(SocketAddress remote, String reason) {
        LOG.info("disconnect {} (never registered): {}", remote, reason);
    }

    @Override
    public void refused(String who, String reason) {
        LOG.info("refused {}: {}", who, reason);
    }

    @Override
    public void loggedIn(String name, String address) {
        LOG.info("login {} from {}", name, address);
    }

    @Override
    public void loginFailed(String name, String address, String reason) {
        LOG.warn("login failed for {} from {}: {}", name, address, reason);
    }

    @Override
    public void stopping(int connections) {
        LOG.info("stopping: closing {} connection(s)", connections);
    }
}
