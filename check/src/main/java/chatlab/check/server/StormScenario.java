package chatlab.check.server;

import chatlab.check.Evidence;
import chatlab.check.Rule;
import chatlab.check.RuleBase;
import chatlab.check.RuleInfo;
import chatlab.check.Verdict;
import chatlab.check.engine.ScenarioBase;
import chatlab.check.wire.LabPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Ten clients connect at the same moment (more than the lab's listen(5) backlog) and send their names together;
 * in the end every one of them, and sol who was there before, must hold the map of all eleven.
 */
final class StormScenario extends ScenarioBase<ServerSession, StormScenario.Seen> {
    static final int CLIENTS = 10;
    /** Joining at once takes longer than one join: a full backlog makes the kernel drop a SYN, resent after 1 s. */
    static final int STEPS_TO_WAIT = 2;

    record Seen(Map<String, String> expected, List<PeerView> members, List<String> notConnected) {}

    StormScenario() {
        super("storm", "sol is in the room; " + CLIENTS + " clients connect and send their names at once");
    }

    @Override
    public List<Rule<Seen>> rules() {
        return List.of(new AllListed());
    }

    @Override
    public Seen play(ServerSession session) throws Exception {
        LabPeer sol = session.join("sol");
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= CLIENTS; i++) {
            names.add(String.format("storm%02d", i));
        }
        // Addresses are handed out here, in order; each connects and sends its name in the background, all at once.
        ExecutorService connecting = Executors.newFixedThreadPool(CLIENTS);
        List<Future<LabPeer>> futures = new ArrayList<>();
        List<String> notConnected = new ArrayList<>();
        try {
            for (String name : names) {
                Callable<LabPeer> connect = session.joinLater(name, session.step().multipliedBy(STEPS_TO_WAIT));
                futures.add(connecting.submit(connect));
            }
            List<LabPeer> storm = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    storm.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    notConnected.add(names.get(i) + ": " + e.getCause().getMessage());
                }
            }
            List<LabPeer> all = new ArrayList<>(List.of(sol));
            all.addAll(storm);
            Map<String, String> expected = ServerSession.room(all);
            session.awaitMaps(expected, all, session.step().multipliedBy(STEPS_TO_WAIT));
            return new Seen(expected, all.stream().map(p -> PeerView.of(p, 0)).toList(), notConnected);
        } finally {
            connecting.shutdownNow();
        }
    }

    /** S-JOIN-STORM. */
    static final class AllListed extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.required("S-JOIN-STORM",
                    "Ten clients joining at once are all registered, and everyone ends up with the map of all of them.",
                    "# Main thread: accepting connections from clients and making a child thread for every client / "
                            + "SERVER_SOCKET.listen(5)",
                    "Milestone 1 skeleton, accept_incoming_connections and __main__");

        AllListed() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            List<Evidence> evidence = new ArrayList<>();
            seen.notConnected().forEach(n -> evidence.add(Evidence.of("could not connect " + n)));
            int wrong = 0;
            for (PeerView member : seen.members()) {
                boolean good = member.lastMap().map(m -> m.users().equals(seen.expected())).orElse(false);
                if (!good) {
                    wrong++;
                    if (evidence.size() < 4) {
                        evidence.add(Evidence.of(member.who() + ": " + MapWords.difference(seen.expected(),
                                member.lastMap(), member.text())));
                    }
                }
            }
            if (evidence.isEmpty()) {
                return Verdict.pass("all " + seen.members().size() + " clients ended up with the map of all of them");
            }
            return Verdict.fail("each of the " + seen.members().size() + " clients ends with the map of all "
                    + seen.members().size(), wrong + " of them did not" + (seen.notConnected().isEmpty() ? ""
                            : ", " + seen.notConnected().size() + " could not connect"), evidence);
        }
    }
}
