package chatlab.server;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Whether the server reads from a connection. Reading stops while any reason to pause holds: the room has too
 * many of the client's messages still to fan out, or the client is over its rate. Both are the client's own doing:
 * a client is never paused because a recipient of its messages is slow ({@link SlowReaders}). Thread-safe.
 */
final class ReadGate {
    private static final AttributeKey<ReadGate> KEY = AttributeKey.valueOf("chatlab.readGate");

    /** Messages of one client waiting on the room thread before its reads pause. */
    static final int MAX_PENDING_RELAYS = 64;

    /** HISTORY: a history request or a search is being answered; the client's next request waits for it. */
    enum Reason { ROOM_BACKLOG, RATE, HISTORY }

    private final Channel channel;
    private int pausedFor; // bit set of Reason ordinals
    private int pendingRelays;

    private ReadGate(Channel channel) {
        this.channel = channel;
    }

    static ReadGate of(Channel channel) {
        ReadGate gate = channel.attr(KEY).get();
        if (gate == null) {
            ReadGate created = new ReadGate(channel);
            gate = channel.attr(KEY).setIfAbsent(created);
            return gate == null ? created : gate;
        }
        return gate;
    }

    synchronized void pause(Reason reason) {
        boolean wasOpen = pausedFor == 0;
        pausedFor |= 1 << reason.ordinal();
        if (wasOpen) {
            channel.config().setAutoRead(false);
        }
    }

    synchronized void resume(Reason reason) {
        if (pausedFor == 0) {
            return;
        }
        pausedFor &= ~(1 << reason.ordinal());
        if (pausedFor == 0) {
            channel.config().setAutoRead(true);
        }
    }

    /** A message of this client was handed to the room thread. */
    synchronized void relayQueued() {
        if (++pendingRelays >= MAX_PENDING_RELAYS) {
            pause(Reason.ROOM_BACKLOG);
        }
    }

    /** The room thread fanned one of this client's messages out. */
    synchronized void relayDone() {
        if (--pendingRelays <= MAX_PENDING_RELAYS / 2) {
            resume(Reason.ROOM_BACKLOG);
        }
    }
}
