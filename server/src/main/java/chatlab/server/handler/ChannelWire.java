package chatlab.server.handler;

import chatlab.protocol.v2.Wire;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/** Which wire a connection speaks, recorded once its first byte has been seen (lab until then). */
public final class ChannelWire {
    private static final AttributeKey<Wire> KEY = AttributeKey.valueOf("chatlab.wire");

    private ChannelWire() {}

    public static void set(Channel channel, Wire wire) {
        channel.attr(KEY).set(wire);
    }

    /** The wire recorded, or null before the first byte is read (and for a browser's page requests). */
    public static Wire detected(Channel channel) {
        return channel.attr(KEY).get();
    }

    public static Wire of(Channel channel) {
        Wire wire = channel.attr(KEY).get();
        return wire == null ? Wire.LAB : wire;
    }
}
