package chatlab.server;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/** Every disconnect carries a reason: whoever closes a channel records why, and the leave is logged with it. */
final class DisconnectReason {
    private static final AttributeKey<String> KEY = AttributeKey.valueOf("chatlab.disconnectReason");

    /** Used when the peer closed the connection itself. */
    static final String CLOSED_BY_CLIENT = "closed by the client";

    private DisconnectReason() {}

    /** Records the first reason only: later ones are consequences of it. */
    static void record(Channel channel, String reason) {
        channel.attr(KEY).setIfAbsent(reason);
    }

    static String of(Channel channel) {
        String reason = channel.attr(KEY).get();
        return reason == null ? CLOSED_BY_CLIENT : reason;
    }
}
