package chatlab.check.client;

import chatlab.check.Evidence;
import chatlab.check.Rule;
import chatlab.check.RuleBase;
import chatlab.check.RuleInfo;
import chatlab.check.Verdict;
import chatlab.check.engine.ChatUser;
import chatlab.check.engine.ScenarioBase;
import chatlab.check.proc.Poll;
import chatlab.check.proc.ProcessGroups;
import chatlab.check.wire.Show;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server goes away (chatlab's server stops: it says goodbye and closes every connection). The client should
 * live through it: go on with direct messages, which need no server, or end cleanly; not crash, not hang in a loop.
 */
final class ServerLeavesScenario extends ScenarioBase<ClientSession, ServerLeavesScenario.Seen> {
    static final String AFTER = " still there, alice?";
    /** How long the client is watched after the server left, and its CPU use measured. */
    static final Duration WATCH = Duration.ofMillis(1500);
    /** More than this share of one core while nothing happens is a loop spinning on a closed socket. */
    static final double BUSY_SHARE = 0.5;

    record Seen(boolean alive, Optional<Integer> exitStatus, List<String> printed, double cpuShare,
            boolean shownDirect) {
        boolean traceback() {
            return printed.stream().anyMatch(l -> l.startsWith("Traceback") || l.contains("Exception in thread")
                    || l.strip().startsWith("at java.") || l.startsWith("panic:"));
        }
    }

    ServerLeavesScenario() {
        super("server-leaves",
                "bob and the client (alice) are in the room; the server stops; then bob sends alice a direct message");
    }

    @Override
    public List<Rule<Seen>> rules() {
        return List.of(new Survives(), new Quietly());
    }

    @Override
    public Seen play(ClientSession session) throws Exception {
        ClientSession.Peer bob = session.join("bob");
        ChatUser alice = session.start("alice", bob.tcp());
        // The client is up and knows bob (any password prompt answered) before the server goes.
        alice.listUntil(Map.of("bob", bob.address()), List.of(), session.step());
        int mark = alice.mark();
        // Taken before the server goes: a client that ends at once when it does has no handle to look up after.
        ProcessHandle handle = ProcessHandle.of(alice.process().pid()).orElseThrow();
        session.stopServer();
        Poll.until(WATCH.dividedBy(3), () -> !alice.process().alive());
        double cpu = cpuShare(handle, WATCH);
        boolean shown = false;
        if (alice.process().alive()) {
            int before = alice.mark();
            bob.udp().send(AFTER.getBytes(StandardCharsets.UTF_8), InetAddress.getByName(alice.address()),
                    session.udpPort());
            shown = alice.awaitPrinted(before, session.step(), l -> l.contains(AFTER.strip()));
        }
        return new Seen(alice.process().alive(), alice.process().exitStatus(), alice.printedFrom(mark), cpu, shown);
    }

    /** The share of one core the program's process group used over {@code window}. */
    private static double cpuShare(ProcessHandle leader, Duration window) throws InterruptedException {
        long start = cpuNanos(leader);
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        long used = cpuNanos(leader) - start;
        return used / (double) (System.nanoTime() - t0);
    }

    private static long cpuNanos(ProcessHandle leader) {
        return ProcessGroups.members(leader.pid(), leader).stream()
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    /** C-SERVER-LEAVES. */
    static final class Survives extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.required("C-SERVER-LEAVES",
                    "When the server goes away the client does not crash: it keeps handling direct messages (they need "
                            + "no server) or it ends cleanly.",
                    "except OSError: # Possibly client has left the chat. / TCP_SOCKET.close() / sys.exit()",
                    "Milestone 2 skeleton, receive_tcp");

        Survives() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            if (seen.alive() && seen.shownDirect()) {
                return Verdict.pass("the client kept running and showed bob's direct message after the server left");
            }
            if (!seen.alive() && !seen.traceback() && seen.exitStatus().map(s -> s < 128).orElse(true)) {
                return Verdict.pass("the client ended by itself with status " + seen.exitStatus().orElse(0)
                        + " after the server left");
            }
            String seenText = seen.alive() ? "the client kept running but did not show bob's direct message"
                    : "the client crashed (exit status " + seen.exitStatus().map(String::valueOf).orElse("?") + ")";
            return Verdict.fail("the client keeps working for direct messages, or ends cleanly", seenText,
                    List.of(Evidence.of("the client printed after the server left: " + Printed.lines(seen.printed()))));
        }
    }

    /** C-SERVER-LEAVES-QUIETLY. */
    static final class Quietly extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.advice("C-SERVER-LEAVES-QUIETLY",
                    "When the server goes away the client says so without a traceback, and does not spin in a loop on "
                            + "the closed socket (an empty read means the server has gone).",
                    "except OSError: # Possibly client has left the chat.",
                    "Milestone 2 skeleton, receive_tcp (the lab's own client prints a traceback here: recv returns b'' "
                            + "and msg[0] fails)");

        Quietly() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            boolean busy = seen.cpuShare() > BUSY_SHARE;
            if (!seen.traceback() && !busy) {
                return Verdict.pass("no traceback; " + Math.round(seen.cpuShare() * 100) + "% of a core while idle");
            }
            StringBuilder what = new StringBuilder();
            if (seen.traceback()) {
                what.append("it printed a traceback: ").append(seen.printed().stream()
                        .filter(l -> l.contains("Error") || l.contains("Exception")).reduce((a, b) -> b)
                        .map(Show::text).orElse("?"));
            }
            if (busy) {
                what.append(what.length() > 0 ? "; " : "").append("it used ").append(Math.round(seen.cpuShare() * 100))
                        .append("% of a core with nothing to do (a loop on recv() returning b''?)");
            }
            return Verdict.fail("a clean message, no traceback, no busy loop", what.toString(),
                    List.of(Evidence.of("the client printed after the server left: " + Printed.lines(seen.printed()))));
        }
    }
}
