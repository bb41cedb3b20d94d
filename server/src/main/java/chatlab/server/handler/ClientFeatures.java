package chatlab.server.handler;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.List;

/** What a v2 client said it understands in its hello, beyond the base protocol. */
public final class ClientFeatures {
    /** The client inflates {@code {"type":"z"}} messages (large user lists go deflated). */
    public static final String DEFLATE = "deflate";

    private static final AttributeKey<Boolean> DEFLATE_KEY = AttributeKey.valueOf("chatlab.acceptsDeflate");

    private ClientFeatures() {}

    public static void record(Channel channel, List<String> features) {
        if (features.contains(DEFLATE)) {
            channel.attr(DEFLATE_KEY).set(Boolean.TRUE);
        }
    }

    public static boolean acceptsDeflate(Channel channel) {
        return channel.hasAttr(DEFLATE_KEY) && Boolean.TRUE.equals(channel.attr(DEFLATE_KEY).get());
    }
}
