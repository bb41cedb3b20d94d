package chatlab.server;

import java.net.SocketAddress;
import java.util.List;

/**
 * What the server reports about itself. The library logs nothing; the application wires this to its logger and
 * tests record it. Every method has a no-op default; implementations must be thread-safe and quick.
 */
public interface ServerEvents {
    ServerEvents NONE = new ServerEvents() {};

    default void listening(List<SocketAddress> addresses) {}

    default void joined(String name, String address) {}

    default void left(String name, String address, String reason) {}

    /** A connection that never registered ended (refused name, timeout, bad input, or the peer closed). */
    default void disconnected(SocketAddress remote, String reason) {}

    /** A message was refused; the sender was told. */
    default void refused(String who, String reason) {}

    default void stopping(int connections) {}

    /** A login succeeded. */
    default void loggedIn(String name, String address) {}

    /** A login failed; the reason is for the operator (never the password, never sent to the client). */
    default void loginFailed(String name, String address, String reason) {}

    /**
     * A client's outbound queue passed the soft limit: it is cut off unless it drains to half of that within the
     * slow-reader grace (docs/LIMITS.md, "Slow readers").
     *
     * @param who its name, or its address before it registered
     */
    default void behind(String who, long queuedBytes) {}

    /** What the message log reports (commits, failures, trims, its health); nothing by default. */
    default chatlab.history.MessageLogEvents historyEvents() {
        return chatlab.history.MessageLogEvents.NONE;
    }
}
