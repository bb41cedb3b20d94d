package chatlab.client.p2p;

import chatlab.protocol.v2.PeerMessage;
import chatlab.protocol.v2.PeerMessageEncoder;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The direct messages a v2 client sends, and the path each takes; the user is told which.
 *
 * <ul>
 *   <li>To a v2 peer: a {@code dm} datagram that waits for the peer's {@code dm_ack}, sent again after each wait of
 *       the retry policy. When the last try goes unanswered, or the peer takes no datagrams, the text goes through
 *       the server as a whisper under the same id, so a copy that did arrive over UDP is not shown twice.
 *   <li>To a lab peer: the lab's datagram, the payload exactly as typed, which nobody acknowledges.
 * </ul>
 *
 * <p>Thread-safe: what waits for an acknowledgement is kept under this object's lock, and nothing is called out while
 * the lock is held.
 */
public final class DirectSender {
    /** Sends a direct message through the server as a whisper under its id (owed until the server acknowledges it). */
    @FunctionalInterface
    public interface ThroughServer {
        void whisper(String id, String to, String text);
    }

    /** A datagram waiting for its acknowledgement; {@code attempt} counts from 1. */
    private static final class Waiting {
        final String to;
        final String text;
        final InetSocketAddress peer;
        final byte[] datagram;
        final int attempt;
        ScheduledFuture<?> retry;

        Waiting(String to, String text, InetSocketAddress peer, byte[] datagram, int attempt) {
            this.to = to;
            this.text = text;
            this.peer = peer;
            this.datagram = datagram;
            this.attempt = attempt;
        }

        Waiting next() {
            return new Waiting(to, text, peer, datagram, attempt + 1);
        }
    }

    private final Supplier<String> self;
    private final DirectOutput output;
    private final BiConsumer<InetSocketAddress, byte[]> datagrams;
    private final ScheduledExecutorService timers;
    private final int maxAttempts;
    private final IntFunction<Duration> retryDelay;
    private final Supplier<String> ids;
    private final ThroughServer server;
    private final Runnable settled;
    private final PeerMessageEncoder encoder = new PeerMessageEncoder();
    private final Map<String, Waiting> waiting = new HashMap<>();

    /**
     * @param self        our name, the sender the datagrams name
     * @param datagrams   sends one datagram
     * @param maxAttempts datagrams sent at most before the server takes the message
     * @param retryDelay  the wait for an acknowledgement after attempt n (from 1)
     * @param ids         fresh message ids (the space of chatroom messages: the server tells resent whispers by them)
     * @param settled     called when a peer acknowledged a direct message: one thing fewer is owed
     */
    public DirectSender(Supplier<String> self, DirectOutput output, BiConsumer<InetSocketAddress, byte[]> datagrams,
            ScheduledExecutorService timers, int maxAttempts, IntFunction<Duration> retryDelay, Supplier<String> ids,
            ThroughServer server, Runnable settled) {
        this.self = self;
        this.output = output;
        this.datagrams = datagrams;
        this.timers = timers;
        this.maxAttempts = maxAttempts;
        this.retryDelay = retryDelay;
        this.ids = ids;
        this.server = server;
        this.settled = settled;
    }

    /**
     * Sends {@code payload} (as typed after the colon) to {@code user}.
     *
     * @return false when the message could not go at all (the server lists a lab peer at something that is not an
     *         address): the line counts as refused
     */
    public boolean send(UserInfo user, String payload) {
        InetAddress ip = NetUtil.createInetAddressFromIpAddressString(user.address());
        if (user.wire() == Wire.LAB) {
            if (ip == null) {
                output.problem("the server lists " + user.name() + " at '" + user.address() + "', not an IP address");
                return false;
            }
            // A lab peer reads plain text and sends no acknowledgement: the lab's datagram, payload as typed.
            datagrams.accept(new InetSocketAddress(ip, user.udpPort()), payload.getBytes(StandardCharsets.UTF_8));
            output.directSent(user.name(), payload);
            output.info("sent to " + user.name() + " over UDP (a lab client: no acknowledgement)");
            return true;
        }
        String text = payload.startsWith(" ") ? payload.substring(1) : payload;
        output.directSent(user.name(), text);
        String id = ids.get();
        if (ip == null || user.udpPort() == 0) {
            server.whisper(id, user.name(), text);
            output.info(user.name() + " takes no direct messages; sent through the server");
            return true;
        }
        byte[] datagram = encoder.encode(new PeerMessage.Dm(self.get(), id, text, user.name()));
        attempt(id, new Waiting(user.name(), text, new InetSocketAddress(ip, user.udpPort()), datagram, 1));
        return true;
    }

    private void attempt(String id, Waiting next) {
        synchronized (this) {
            waiting.put(id, next); // before the datagram: on loopback its acknowledgement may come back at once
        }
        datagrams.accept(next.peer, next.datagram);
        ScheduledFuture<?> retry = timers.schedule(() -> unanswered(id, next),
                retryDelay.apply(next.attempt).toNanos(), TimeUnit.NANOSECONDS);
        synchronized (this) {
            next.retry = retry;
        }
    }

    private void unanswered(String id, Waiting last) {
        synchronized (this) {
            if (!waiting.remove(id, last)) {
                return; // acknowledged meanwhile
            }
        }
        if (last.attempt < maxAttempts) {
            attempt(id, last.next());
            return;
        }
        server.whisper(id, last.to, last.text);
        output.info(last.to + " did not acknowledge over UDP after " + last.attempt
                + " tries; sent through the server instead");
    }

    /** The peer acknowledged direct message {@code id}; an unknown or late acknowledgement changes nothing. */
    public void acknowledged(String id) {
        Waiting acked;
        ScheduledFuture<?> retry;
        synchronized (this) {
            acked = waiting.remove(id);
            retry = acked == null ? null : acked.retry;
        }
        if (acked == null) {
            return;
        }
        if (retry != null) {
            retry.cancel(false);
        }
        output.info("delivered to " + acked.to + " directly over UDP");
        settled.run();
    }

    /** Direct messages waiting for their peer's acknowledgement (they may still go through the server). */
    public synchronized int waiting() {
        return waiting.size();
    }
}
