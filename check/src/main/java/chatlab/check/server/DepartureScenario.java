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

/**
 * Three clients are in the room and the middle one leaves: in an orderly way (it closes its socket, so the
 * server's next read is empty) or abruptly (a reset, as when a client crashes or its cable is pulled). The two who
 * stay should get a map without it, without anyone sending anything that could make the server notice by chance.
 */
final class DepartureScenario extends ScenarioBase<ServerSession, DepartureScenario.Seen> {
    /** How the middle client leaves. */
    enum How { CLOSE, RESET }

    record Seen(How how, String leaver, Map<String, String> expected, List<PeerView> stayers, String server) {}

    private final How how;
    private final List<String> names;
    private final Rule<Seen> rule;

    private DepartureScenario(How how, List<String> names, Rule<Seen> rule) {
        super(how == How.CLOSE ? "leave" : "reset", String.join(", ", names) + " are in the room; " + names.get(1)
                + (how == How.CLOSE ? " closes its connection" : " vanishes (connection reset)"));
        this.how = how;
        this.names = names;
        this.rule = rule;
    }

    static DepartureScenario leave() {
        return new DepartureScenario(How.CLOSE, List.of("lea", "leo", "lou"), new Updates(Updates.LEAVE));
    }

    static DepartureScenario reset() {
        return new DepartureScenario(How.RESET, List.of("rae", "rex", "roy"), new Updates(Updates.RESET));
    }

    @Override
    public List<Rule<Seen>> rules() {
        return List.of(rule);
    }

    @Override
    public Seen play(ServerSession session) throws Exception {
        List<LabPeer> all = new ArrayList<>();
        for (String name : names) {
            all.add(session.join(name));
        }
        LabPeer leaver = all.get(1);
        List<LabPeer> stay = List.of(all.get(0), all.get(2));
        int[] marks = {stay.get(0).mark(), stay.get(1).mark()};
        if (how == How.CLOSE) {
            leaver.close();
        } else {
            leaver.abort();
        }
        Map<String, String> expected = ServerSession.room(stay);
        session.awaitMaps(expected, stay);
        return new Seen(how, leaver.label(), expected, List.of(PeerView.of(stay.get(0), marks[0]),
                PeerView.of(stay.get(1), marks[1])), session.server().address().getAddress().getHostAddress());
    }

    /** S-LEAVE and S-RESET: the same judgement of different departures. */
    static final class Updates extends RuleBase<Seen> {
        static final RuleInfo LEAVE = RuleInfo.required("S-LEAVE",
                "When a client closes its connection, the server closes it too and sends the others the map without "
                        + "it.",
                "# len(msg) == 0 when exiting wiht KeyboardInterrupt (ctrl+c) / if len(msq) == 0: "
                        + "client_socket.close() / del(ACTIVE_USERS[SOCKETS[client_socket]]) / "
                        + "del(SOCKETS[client_socket]) / broadcast_active_users()",
                "Milestone 1 skeleton, handle_client");
        static final RuleInfo RESET = RuleInfo.required("S-RESET",
                "When a client's connection breaks (a reset), the server drops it and sends the others the map "
                        + "without it.",
                "except: # handle broken socket connection (e.g. the client pressed ctrl+c) / client_socket.close() / "
                        + "del(ACTIVE_USERS[SOCKETS[client_socket]]) / del SOCKETS[client_socket] / "
                        + "broadcast_active_users()",
                "Milestone 1 skeleton, handle_client");

        Updates(RuleInfo info) {
            super(info);
        }

        @Override
        public Verdict judge(Seen seen) {
            List<Evidence> evidence = new ArrayList<>();
            for (PeerView stayer : seen.stayers()) {
                if (!stayer.gotMap(seen.expected())) {
                    evidence.add(Evidence.of(stayer.who() + " did not receive " + MapWords.show(seen.expected()) + ": "
                            + stayer.mapDifference(seen.expected())));
                }
            }
            String left = seen.leaver() + (seen.how() == How.CLOSE ? " closed its connection" : "'s connection was reset");
            if (evidence.isEmpty()) {
                return Verdict.pass(left + "; both others received the map without it");
            }
            String hint = seen.how() == How.CLOSE
                    ? "an orderly close makes recv() return b'' (an empty read): that is the leave"
                    : "a reset makes recv() raise ConnectionResetError: that is a leave too";
            evidence.add(Evidence.of("  " + hint));
            return Verdict.fail("after " + left + ", the others receive the map without " + seen.leaver(),
                    evidence.size() - 1 + " of the 2 others did not", evidence);
        }
    }
}
