package chatlab.check.server;

import chatlab.check.Evidence;
import chatlab.check.Rule;
import chatlab.check.RuleBase;
import chatlab.check.RuleInfo;
import chatlab.check.Verdict;
import chatlab.check.engine.ScenarioBase;
import chatlab.check.proc.Poll;
import chatlab.check.wire.LabPeer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One client stops reading while others talk a lot: cas, with a small receive buffer, reads nothing; eight senders
 * send 8 MB between them (more than the kernel buffers toward cas hold, even on a loopback, where they grow to a
 * few megabytes); bea reads. A server that writes to each client in turn, and waits when a write blocks, stops
 * serving bea once cas's buffers are full. The lab says nothing of this: it is advice.
 */
final class SlowReaderScenario extends ScenarioBase<ServerSession, SlowReaderScenario.Seen> {
    static final int SENDERS = 8;
    static final int LINES_PER_SENDER = 250;
    /** Each line is this many 'x' and a newline: under chatlab's 4096-byte message limit, and relayed whole. */
    static final int LINE_BYTES = 4000;
    static final int FILLER = 'x';
    /** cas asks for the smallest receive buffer the kernel gives. */
    static final int SLOW_RECEIVE_BUFFER_BYTES = 2048;
    /** The most the scenario waits for bea while deliveries still progress. */
    static final int MAX_STEPS = 6;
    /** How far the talkers may be ahead of bea's reading: under chatlab's 4 MiB limit per client. */
    static final long MAX_AHEAD_BYTES = 1_000_000;
    /** How often a talker that is too far ahead looks at bea's count again. */
    static final long PACING_NANOS = 200_000;

    record Seen(long sent, long received, boolean stalled, long stalledAfterMillis, boolean casCutOff) {}

    SlowReaderScenario() {
        super("slow-reader",
                "cas stops reading; " + SENDERS + " clients send " + SENDERS * LINES_PER_SENDER * (long) LINE_BYTES
                / 1_000_000 + " MB; does bea still get it all?");
    }

    @Override
    public List<Rule<Seen>> rules() {
        return List.of(new OthersNotHeldUp());
    }

    /** Megabytes of filler: not in the captures (it comes last, and they end before it). */
    @Override
    public boolean captured() {
        return false;
    }

    @Override
    public Seen play(ServerSession session) throws Exception {
        LabPeer bea = session.joinTallying("bea", FILLER);
        LabPeer cas = session.joinSlow("cas", SLOW_RECEIVE_BUFFER_BYTES);
        cas.stopReading();
        List<LabPeer> senders = new ArrayList<>();
        for (int i = 1; i <= SENDERS; i++) {
            senders.add(session.join("talker" + i));
        }
        long total = (long) SENDERS * LINES_PER_SENDER * LINE_BYTES;
        byte[] line = new byte[LINE_BYTES + 1];
        Arrays.fill(line, (byte) FILLER);
        line[LINE_BYTES] = '\n';
        List<Thread> talking = new ArrayList<>();
        AtomicLong sentBytes = new AtomicLong();
        AtomicBoolean over = new AtomicBoolean();
        for (LabPeer sender : senders) {
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < LINES_PER_SENDER && !over.get(); i++) {
                        // The talkers keep within MAX_AHEAD_BYTES of what bea has read, as people typing would: bea
                        // is a thread of this check, and on a busy machine a flood could leave it so far behind
                        // that a server with a per-client limit (rightly) counts bea as a slow reader too. A server
                        // that holds bea up still shows: bea's count stops, and so do the talkers.
                        while (sentBytes.get() - bea.tally() > MAX_AHEAD_BYTES && !over.get()) {
                            LockSupport.parkNanos(PACING_NANOS);
                        }
                        sender.send(line);
                        sentBytes.addAndGet(LINE_BYTES);
                    }
                } catch (IOException e) {
                    // The server closed the sender or the scenario ended: what bea got tells the story.
                }
            }, "check-talker-" + sender.label());
            t.setDaemon(true);
            t.start();
            talking.add(t);
        }
        long start = System.nanoTime();
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        long[] lastCount = {0};
        long stallNanos = session.run().timeouts().stall().toNanos();
        Poll.until(session.step().multipliedBy(MAX_STEPS).plus(session.run().timeouts().stall()), () -> {
            long now = bea.tally();
            if (now != lastCount[0]) {
                lastCount[0] = now;
                lastProgress.set(System.nanoTime());
            }
            return now >= total || System.nanoTime() - lastProgress.get() > stallNanos;
        });
        over.set(true);
        long received = bea.tally();
        boolean stalled = received < total;
        return new Seen(total, received, stalled, (lastProgress.get() - start) / 1_000_000, !cas.open());
    }

    /** S-SLOW-READER. */
    static final class OthersNotHeldUp extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.advice("S-SLOW-READER",
                    "A client that stops reading does not hold up the others: they keep receiving the room's messages.",
                    "The server broadcasts information of new clients as well as public messages to all connected clients.",
                    "System Setup (the lab says nothing of a client that does not read)");

        OthersNotHeldUp() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            String cas = seen.casCutOff() ? "; the server closed cas's connection" : "";
            if (!seen.stalled()) {
                return Verdict.pass("bea received all " + seen.sent() / 1000 + " KB while cas read nothing" + cas);
            }
            return Verdict.fail("bea receives everything the others send while cas does not read",
                    "bea received " + seen.received() / 1000 + " KB of " + seen.sent() / 1000 + " KB, and nothing "
                            + "more after " + seen.stalledAfterMillis() / 1000.0 + " s",
                    List.of(Evidence.of("a send() to a client that does not read blocks once its buffers are full; a "
                            + "server that sends to each client in turn from the sender's thread then stops relaying "
                            + "for everyone (the lab's own server does this). Cures: a send timeout, a queue per "
                            + "client, select/non-blocking sockets, or dropping the client that does not read")));
        }
    }
}
