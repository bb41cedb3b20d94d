package chatlab.bench.scenario;

import chatlab.bench.load.BenchClient;
import chatlab.bench.load.BenchSession;
import chatlab.bench.load.SourceAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Connects many clients at once (every connect is started before any is waited for, so the server sees them as
 * fast as it accepts them) and waits, bounded, for them to register or to have the full user list.
 */
final class Crowd {
    private Crowd() {}

    /** Creates and connects {@code count} measured clients from 127.0.0.2 upward; returns them in order. */
    static List<BenchClient> connect(BenchSession session, int count, SourceAddresses addresses) {
        return connect(session, count, addresses, "b");
    }

    /** The same, named {@code prefix} and the index (a second crowd joining while the first may still be leaving). */
    static List<BenchClient> connect(BenchSession session, int count, SourceAddresses addresses, String prefix) {
        List<BenchClient> clients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BenchClient client = session.newClient(i, prefix + i, true);
            clients.add(client);
            client.connect(addresses.forConnection(i));
        }
        return clients;
    }

    /**
     * Connects {@code count} measured clients as joins that trickle in: {@code inFlight} at first, and each time one
     * has its first user list (or failed), the next. Returns them in order; the later ones connect while the caller
     * waits.
     */
    static List<BenchClient> trickle(BenchSession session, int count, SourceAddresses addresses, int inFlight) {
        List<BenchClient> clients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            clients.add(session.newClient(i, "b" + i, true));
        }
        AtomicInteger next = new AtomicInteger(inFlight);
        session.onArrival(arrived -> {
            int i = next.getAndIncrement();
            if (i < count) {
                clients.get(i).connect(addresses.forConnection(i));
            }
        });
        for (int i = 0; i < Math.min(inFlight, count); i++) {
            clients.get(i).connect(addresses.forConnection(i));
        }
        return clients;
    }

    /**
     * Waits until {@code done} counts every client, or no client can get further (all others are closed), or
     * nothing has changed for the connect timeout, or the time limit. Returns whether every client got there.
     */
    static boolean await(BenchSession session, List<BenchClient> clients, LongSupplier done) {
        int total = clients.size();
        long stallNanos = session.config().connectTimeout().toNanos() + TimeUnit.SECONDS.toNanos(5);
        long[] last = {-1};
        long[] lastChange = {System.nanoTime()};
        session.await(() -> {
            long reached = done.getAsLong();
            if (reached >= total) {
                return true;
            }
            long closed = clients.stream().filter(c -> c.closed()).count();
            if (reached + closed >= total && closed > 0) {
                return true;
            }
            long state = reached * 31 + session.connectedCount().get() * 17 + session.retriedCount().get() * 7
                    + session.stats().presenceBytes().sum();
            long now = System.nanoTime();
            if (state != last[0]) {
                last[0] = state;
                lastChange[0] = now;
            }
            return now - lastChange[0] > stallNanos;
        }, Long.MAX_VALUE);
        return done.getAsLong() >= total;
    }

    /** Waits until no presence bytes arrive for a second (at most {@code maxNanos}), so a room's updates settle. */
    static void awaitQuiet(BenchSession session, long maxNanos) {
        long quietNanos = TimeUnit.SECONDS.toNanos(1);
        long[] last = {-1};
        long[] lastChange = {System.nanoTime()};
        session.await(() -> {
            long bytes = session.stats().presenceBytes().sum() + session.stats().bytesRead().sum();
            long now = System.nanoTime();
            if (bytes != last[0]) {
                last[0] = bytes;
                lastChange[0] = now;
            }
            return now - lastChange[0] >= quietNanos;
        }, maxNanos);
    }

    static String registrationFailure(BenchSession session, int total, String what) {
        return String.format("only %d of %d clients %s (connected %d, failed to connect %d)", 
                what.equals("registered") ? session.registeredCount().get() : session.countFull(), total, what,
                session.connectedCount().get(), session.failedCount().get());
    }

    /** Milliseconds from {@code startNanos} to the latest of {@code times}, or null when one is missing. */
    static Double allBy(List<BenchClient> clients, long startNanos, ToLongFunction<BenchClient> times) {
        long latest = startNanos;
        for (BenchClient client : clients) {
            long t = times.applyAsLong(client);
            if (t == 0) {
                return null;
            }
            latest = Math.max(latest, t);
        }
        return (latest - startNanos) / 1e6;
    }
}
