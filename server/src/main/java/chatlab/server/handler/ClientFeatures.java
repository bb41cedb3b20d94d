package chatlab.server.handler;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.List;

/** What a v2 client said it understands in its hello, beyond the base protocol. */
public final class ClientFeatures {
    /** The client inflates {@code {"type":"z"}} messages (large user lists go deflated). */
    public static final String DEFLATE = "deflate";
    /**
     * The client knows rooms: it may join, part and list them and set their topics, and every message about a room
     * names it. Without it a client is in the default room alone and gets exactly what it got before rooms.
     */
    public static final String ROOMS = "rooms";
    /**
     * The client shows messages from the room's log as such: it is sent each room's last messages when it joins,
     * marked as history, and may ask for pages and searches (docs/PROTOCOL.md, *History*).
     */
    public static final String HISTORY = "history";

    private static final AttributeKey<Boolean> DEFLATE_KEY = AttributeKey.valueOf("chatlab.acceptsDeflate");
    private static final AttributeKey<Boolean> ROOMS_KEY = AttributeKey.valueOf("chatlab.knowsRooms");
    private static final AttributeKey<Boolean> HISTORY_KEY = AttributeKey.valueOf("chatlab.wantsHistory");

    private ClientFeatures() {}

    public static void record(Channel channel, List<String> features) {
        if (features.contains(DEFLATE)) {
            channel.attr(DEFLATE_KEY).set(Boolean.TRUE);
        }
        if (features.contains(ROOMS)) {
            channel.attr(ROOMS_KEY).set(Boolean.TRUE);
        }
        if (features.contains(HISTORY)) {
            channel.attr(HISTORY_KEY).set(Boolean.TRUE);
        }
    }

    public static boolean knowsRooms(Channel channel) {
        return channel.hasAttr(ROOMS_KEY) && Boolean.TRUE.equals(channel.attr(ROOMS_KEY).get());
    }

    public static boolean wantsHistory(Channel channel) {
        return channel.hasAttr(HISTORY_KEY) && Boolean.TRUE.equals(channel.attr(HISTORY_KEY).get());
    }

    public static boolean acceptsDeflate(Channel channel) {
        return channel.hasAttr(DEFLATE_KEY) && Boolean.TRUE.equals(channel.attr(DEFLATE_KEY).get());
    }
}
