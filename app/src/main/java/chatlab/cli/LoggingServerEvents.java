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
        LOG.info("listening on {}", addresses);
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
    public void stopping(int connections) {
        LOG.info("stopping: closing {} connection(s)", connections);
    }
}
