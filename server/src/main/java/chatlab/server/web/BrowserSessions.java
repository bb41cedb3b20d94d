package chatlab.server.web;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/** Which connections are a browser's WebSocket (marked at the upgrade), for what the room tells others about them. */
public final class BrowserSessions {
    private static final AttributeKey<Boolean> KEY = AttributeKey.valueOf("chatlab.browser");

    private BrowserSessions() {}

    static void mark(Channel channel) {
        channel.attr(KEY).set(Boolean.TRUE);
    }

    public static boolean isBrowser(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(KEY).get());
    }
}
