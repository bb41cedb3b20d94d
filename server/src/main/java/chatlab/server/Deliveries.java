package chatlab.server;

import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * Every write the room makes to a client goes through here, so the outbound limits ({@link SlowReaders}) see each
 * one, nobody is ever paused for a recipient, and nothing but the shutdown notice is sent once the server is
 * stopping. Confined to the room's event loop, except {@link #stopping}, which is read elsewhere.
 */
final class Deliveries {
    private final Outbound outbound;
    private final SlowReaders slowReaders;
    private final ServerCounters counters;
    private final ServerMessageEncoder v2 = new ServerMessageEncoder();
    /** Set on the room's loop by {@link #stop}; read elsewhere only to leave out what stop has logged already. */
    private volatile boolean stopping;

    Deliveries(Outbound outbound, SlowReaders slowReaders) {
        this(outbound, slowReaders, new ServerCounters());
    }

    Deliveries(Outbound outbound, SlowReaders slowReaders, ServerCounters counters) {
        this.outbound = outbound;
        this.slowReaders = slowReaders;
        this.counters = counters;
    }

    ServerCounters counters() {
        return counters;
    }

    Outbound outbound() {
        return outbound;
    }

    SlowReaders slowReaders() {
        return slowReaders;
    }

    /** Bytes to hand to many recipients; the caller releases them after the last {@link #deliver}. */
    ByteBuf share(byte[] bytes) {
        return outbound.share(bytes);
    }

    /** Encodes one v2 message for one client and queues it. */
    void send(Channel channel, ServerMessage message) {
        ByteBuf bytes = outbound.share(v2.encode(message));
        try {
            deliver(channel, bytes, null);
        } finally {
            bytes.release();
        }
    }

    /** Queues one line already encoded (a v2 line, a lab relay) for one client. */
    void sendBytes(Channel channel, byte[] line) {
        ByteBuf bytes = outbound.share(line);
        try {
            deliver(channel, bytes, null);
        } finally {
            bytes.release();
        }
    }

    /** The rooms' event loop, which every delivery runs on. */
    io.netty.util.concurrent.EventExecutor loop() {
        return outbound.loop();
    }

    /**
     * Queues the bytes for one client, unless the outbound limits cut it off as a slow reader; never pauses anyone.
     * Returns whether it queued them.
     *
     * @param written when not null, counts this write in and hears when it has ended, unless the client is behind
     *                (a client that may be cut off soon must not hold up the sender's acknowledgement)
     */
    boolean deliver(Channel channel, ByteBuf shared, WriteCountdown written) {
        if (RemoteChannel.isRemote(channel)) {
            return false; // a user of another server in the cluster: its own server writes to it
        }
        if (stopping || !slowReaders.admit(channel)) {
            // Stopping: every connection has been told the server is going away; nothing more is sent.
            return false;
        }
        if (written != null && !SlowReaders.isBehind(channel)) {
            written.expect();
            outbound.writeTracked(channel, shared, written);
        } else {
            outbound.write(channel, shared);
        }
        counters.sent();
        return true;
    }

    /** From now on nothing is delivered: the server is stopping and has told every connection. */
    void stop() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    static void release(ByteBuf bytes) {
        if (bytes != null) {
            bytes.release();
        }
    }
}
