package chatlab.server;

import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Stands for a user of another server in this server's roster and rooms (a member needs a connection handle): it
 * has no socket, and {@link Deliveries} writes nothing to it, so every fan-out, map and presence loop can walk the
 * members as before while only local users are written to.
 */
final class RemoteChannel extends EmbeddedChannel {
    /** The cluster server the user is on. */
    private final String server;

    RemoteChannel(String server) {
        this.server = server;
    }

    String server() {
        return server;
    }

    static boolean isRemote(Channel channel) {
        return channel instanceof RemoteChannel;
    }
}
