package chatlab.server.handler;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.time.Duration;

/** Every disconnect carries a reason: whoever closes a channel records why, and the leave is logged with it. */
public final class DisconnectReason {
    private static final AttributeKey<String> KEY = AttributeKey.valueOf("chatlab.disconnectReason");

    /** Used when the peer closed the connection itself. */
    public static final String CLOSED_BY_CLIENT = "closed by the client";

    /** The client closed the connection before its TLS handshake finished. */
    public static final String CLOSED_DURING_TLS_HANDSHAKE = "closed by the client during the tls handshake";

    /** A TLS 1.2 client asked for a new handshake on an established connection. */
    public static final String TLS_RENEGOTIATION_REFUSED = "client-initiated tls renegotiation refused";

    public static String tlsHandshakeTimedOut(Duration timeout) {
        return "tls handshake timed out after " + Notices.human(timeout);
    }

    public static String tlsHandshakeFailed(String problem) {
        return "tls handshake failed: " + problem;
    }

    /** TLS broke after the handshake (a record that does not decrypt, a fatal alert). */
    public static String tlsFailed(String problem) {
        return "tls error: " + problem;
    }

    private DisconnectReason() {}

    /** Records the first reason only: later ones are consequences of it. */
    public static void record(Channel channel, String reason) {
        channel.attr(KEY).setIfAbsent(reason);
    }

    public static String of(Channel channel) {
        String reason = channel.attr(KEY).get();
        return reason == null ? CLOSED_BY_CLIENT : reason;
    }
}
