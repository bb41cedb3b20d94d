package chatlab.server.handler;

import io.netty.channel.Channel;

/** What a session handler asks of the room. The server implements it; tests may record it. */
public interface SessionRoom {
    void register(Channel channel, String name, String address);

    void relay(Channel from, String text);

    /** The connection's outbound queue crossed a water mark (see Netty's channelWritabilityChanged). */
    void writabilityChanged(Channel channel);

    /** The connection ended; remove its member if it had one and record why. */
    void leave(Channel channel);

    /** Sends the refusal's notice, then closes the connection. */
    void refuse(Channel channel, Refusal refusal);

    /** Sends the refusal's notice; the connection stays open. */
    void tell(Channel channel, String who, Refusal refusal);

    /** The connection failed (reset, or a bug in a handler): close it with that reason. */
    void failed(Channel channel, Throwable cause);
}
