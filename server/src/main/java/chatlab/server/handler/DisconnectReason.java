package chatlab.server.handler;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/** Every disconnect carries a reason: whoever closes a channel records why, and the leave is logged with it. */
public final class DisconnectReason {
    private static final AttributeKey<String> KEY = AttributeKey.valueOf("chatlab.disconnectReason");

    /** Used when the peer closed the connection itself. */
    public static final String CLOSED_BY_CLIENT = "closed by the client";

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
