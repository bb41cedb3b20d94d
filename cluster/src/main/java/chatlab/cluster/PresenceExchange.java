package chatlab.cluster;

import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Who is on the other servers: each server publishes its whole roster (every user, with the rooms it is in) on its
 * own presence subject when it changes and every {@link ClusterConfig#presenceInterval} even when it does not; each
 * keeps the last roster
 * of every other server. A server not heard from for {@link ClusterConfig#presenceExpiry} (three intervals: it died
 * without a goodbye, or it is cut off from the broker) is gone: its users leave every other server's lists. A server
 * that stops cleanly says goodbye with an empty roster. Plain NATS subjects, not a stream: a roster is worth nothing
 * once the next one is out.
 *
 * <p>{@link Listener#roster} runs on one thread (NATS dispatcher or the expiry timer, never both at once): hand the
 * work to the room's thread and return.
 */
public final class PresenceExchange implements AutoCloseable {
    /** What the exchange hands its server. */
    public interface Listener {
        /** {@code server}'s users now (empty: it left the cluster, or went silent). Replaces what it said before. */
        void roster(String server, List<RemoteUser> users);
    }

    private record Heard(List<RemoteUser> users, long atNanos) {}

    private final NatsLink link;
    private final ClusterConfig config;
    private final String server;
    private final Listener listener;
    private final Dispatcher dispatcher;
    private final ScheduledExecutorService timer;
    /** Guarded by this: the last roster of each other server. */
    private final Map<String, Heard> others = new HashMap<>();
    private volatile byte[] mine = PresenceCodec.encode(List.of());

    private PresenceExchange(NatsLink link, ClusterConfig config, String server, Listener listener) {
        this.link = link;
        this.config = config;
        this.server = server;
        this.listener = listener;
        this.dispatcher = link.connection().createDispatcher(this::heard);
        this.timer = Executors.newSingleThreadScheduledExecutor(JetStreamMessageLog.daemon("chatlab-presence"));
    }

    /** Starts listening to the other servers and telling them this server's roster (empty until {@link #announce}). */
    public static PresenceExchange open(NatsLink link, ClusterConfig config, String server, Listener listener) {
        PresenceExchange exchange = new PresenceExchange(link, config, server, listener);
        exchange.dispatcher.subscribe(config.subjects().anyPresence());
        long every = config.presenceInterval().toMillis();
        exchange.timer.scheduleWithFixedDelay(exchange::tick, 0, every, TimeUnit.MILLISECONDS);
        return exchange;
    }

    /** This server's users now: told to the others at once, and again with every interval. */
    public void announce(List<RemoteUser> users) {
        mine = PresenceCodec.encode(users);
        publish();
    }

    private void publish() {
        try {
            link.connection().publish(config.subjects().presence(server), mine);
        } catch (IllegalStateException e) {
            // The link is away: the next interval after it is back tells them.
        }
    }

    private void heard(Message message) {
        String subject = message.getSubject();
        String from = subject.substring(subject.lastIndexOf('.') + 1);
        if (from.equals(server)) {
            return;
        }
        List<RemoteUser> users;
        try {
            users = PresenceCodec.decode(message.getData());
        } catch (IllegalArgumentException e) {
            return;
        }
        synchronized (this) {
            Heard before = others.put(from, new Heard(users, System.nanoTime()));
            if (before == null || !before.users().equals(users)) {
                listener.roster(from, users);
            }
            if (users.isEmpty()) {
                others.remove(from); // a goodbye
            }
        }
    }

    /** Tells this server's roster again and forgets the servers gone silent. */
    private void tick() {
        publish();
        long now = System.nanoTime();
        synchronized (this) {
            others.entrySet().removeIf(entry -> {
                if (now - entry.getValue().atNanos() > config.presenceExpiry().toNanos()) {
                    listener.roster(entry.getKey(), List.of());
                    return true;
                }
                return false;
            });
        }
    }

    /** Says goodbye (an empty roster) and stops. */
    @Override
    public synchronized void close() {
        if (timer.isShutdown()) {
            return;
        }
        timer.shutdownNow();
        mine = PresenceCodec.encode(List.of());
        publish();
        try {
            link.connection().flush(config.requestTimeout());
            link.connection().closeDispatcher(dispatcher);
        } catch (TimeoutException | InterruptedException | IllegalStateException e) {
            // The link is closed or away: the others forget this server after presenceExpiry anyway.
        }
    }
}
