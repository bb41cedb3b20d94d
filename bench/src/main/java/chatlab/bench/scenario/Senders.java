package chatlab.bench.scenario;

import chatlab.bench.load.BenchClient;
import chatlab.bench.load.BenchSession;
import chatlab.bench.load.RunStats;
import java.util.List;

/**
 * The sending clients of a run: each has its own sequence numbers; a message is put in the ledger (with the number
 * of receivers that must get it) just before its one write.
 */
final class Senders {
    private final BenchSession session;
    private final List<BenchClient> clients;
    private final long[] nextSeq;
    private final int receivers;

    /** @param receivers clients that must get each message (every measured client but the sender) */
    Senders(BenchSession session, List<BenchClient> clients, int receivers) {
        this.session = session;
        this.clients = List.copyOf(clients);
        this.nextSeq = new long[clients.size()];
        this.receivers = receivers;
    }

    int count() {
        return clients.size();
    }

    /** The lab wire: nothing marks where one message ends, so back-to-back writes may reach the server as one. */
    boolean unframed() {
        return session.config().labWire();
    }

    RunStats stats() {
        return session.stats();
    }

    BenchClient client(int sender) {
        return clients.get(sender);
    }

    /**
     * Sends the next message of {@code sender}, due at {@code dueNanos}; call on the sender's event loop.
     *
     * @return false when it could not (the sender's connection is gone, or too many of its messages are in flight)
     */
    boolean sendNext(int sender, long dueNanos, boolean measured) {
        BenchClient client = clients.get(sender);
        if (client.closed()) {
            return false;
        }
        long seq = nextSeq[sender];
        if (!session.ledger().begin(sender, seq, dueNanos, receivers, measured)) {
            session.stats().sendsSkipped().increment();
            return false;
        }
        nextSeq[sender] = seq + 1;
        byte[] bytes = session.wire().chat(sender, seq, session.config().payloadBytes());
        client.send(bytes);
        session.stats().messagesSent().increment();
        if (measured) {
            session.stats().measuredMessagesSent().increment();
        }
        return true;
    }
}
