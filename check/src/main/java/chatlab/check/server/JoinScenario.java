package chatlab.check.server;

import chatlab.check.Evidence;
import chatlab.check.Rule;
import chatlab.check.RuleBase;
import chatlab.check.RuleInfo;
import chatlab.check.Verdict;
import chatlab.check.engine.ScenarioBase;
import chatlab.check.wire.LabPeer;
import chatlab.check.wire.ServerStream;
import chatlab.check.wire.Show;
import chatlab.protocol.lab.PythonJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Three clients join one after another; after each join everyone should hold the full user map. */
final class JoinScenario extends ScenarioBase<ServerSession, JoinScenario.Seen> {
    static final List<String> NAMES = List.of("alice", "bob", "carol");

    /** One join: who joined, the room after it, and what every member received from just before it. */
    record Step(String joiner, Map<String, String> expected, List<PeerView> members) {
        PeerView joinerView() {
            return members.stream().filter(m -> m.name().equals(joiner)).findFirst().orElseThrow();
        }
    }

    record Seen(List<Step> steps, String server) {}

    JoinScenario() {
        super("join", "alice, bob and carol join one after another");
    }

    @Override
    public List<Rule<Seen>> rules() {
        return List.of(new Registers(), new MapOnJoin(), new MapAsJsonDumps());
    }

    @Override
    public Seen play(ServerSession session) throws Exception {
        List<LabPeer> members = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        for (String name : NAMES) {
            Map<LabPeer, Integer> marks = new HashMap<>();
            members.forEach(m -> marks.put(m, m.mark()));
            LabPeer peer = session.join(name);
            members.add(peer);
            Map<String, String> expected = ServerSession.room(members);
            session.awaitMaps(expected, members);
            steps.add(new Step(name, expected, members.stream().map(m -> PeerView.of(m, marks.getOrDefault(m, 0)))
                    .toList()));
        }
        return new Seen(steps, session.server().address().getAddress().getHostAddress());
    }

    /** S-REGISTER. */
    static final class Registers extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.required("S-REGISTER",
                    "The first message a client sends is its name: the server lists it, with the client's address, in "
                            + "the user map it sends back.",
                    "#recieve the first message from the client_socket / name = ... / SOCKETS[client_socket] = name / "
                            + "ACTIVE_USERS[name] = client_address[0] / # Updating all clients of the current active users "
                            + "/ broadcast_active_users()",
                    "Milestone 1 skeleton, accept_incoming_connections");

        Registers() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            List<Evidence> evidence = new ArrayList<>();
            for (Step step : seen.steps()) {
                PeerView joiner = step.joinerView();
                boolean listed = joiner.maps().stream()
                        .anyMatch(m -> joiner.address().equals(m.users().get(joiner.name())));
                if (!listed) {
                    evidence.add(joiner.evidence(seen.server()));
                    evidence.add(Evidence.of("  " + MapWords.difference(Map.of(joiner.name(), joiner.address()),
                            joiner.lastMap(), joiner.text())));
                }
            }
            if (evidence.isEmpty()) {
                return Verdict.pass("each of " + String.join(", ", NAMES) + " received a map listing itself at its "
                        + "address");
            }
            return Verdict.fail("after sending its name, a client receives '!' + json.dumps(ACTIVE_USERS), which lists "
                    + "its name with its IP address (client_address[0])", "a client was not listed at its address",
                    evidence);
        }
    }

    /** S-MAP-JOIN. */
    static final class MapOnJoin extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.required("S-MAP-JOIN",
                    "On every join, every client in the room (the newcomer too) receives the full map of users and "
                            + "their addresses.",
                    "# Function to broadcast the current active users to all clients / def broadcast_active_users(): "
                            + "active_users ='!'+json.dumps(ACTIVE_USERS) ... for client_socket in list(SOCKETS): ...",
                    "Milestone 1 skeleton, broadcast_active_users");

        MapOnJoin() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            List<Evidence> evidence = new ArrayList<>();
            for (Step step : seen.steps()) {
                for (PeerView member : step.members()) {
                    if (!member.gotMap(step.expected())) {
                        evidence.add(Evidence.of("after " + step.joiner() + " joined, " + member.who()
                                + " did not receive the map " + MapWords.show(step.expected()) + ": "
                                + member.mapDifference(step.expected())));
                    }
                }
            }
            if (evidence.isEmpty()) {
                return Verdict.pass("after each of the 3 joins every member received the full map");
            }
            return Verdict.fail("after each join every client in the room receives the map of all users (names and "
                    + "addresses)", evidence.size() + " time(s) a member did not", evidence);
        }
    }

    /** S-MAP-JSON. */
    static final class MapAsJsonDumps extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.advice("S-MAP-JSON",
                    "Each map is '!' followed by exactly what json.dumps writes (separators \", \" and \": \", "
                            + "non-ASCII as \\uXXXX, users in the order they joined); the lab's client would read other "
                            + "valid JSON too.",
                    "active_users ='!'+json.dumps(ACTIVE_USERS)",
                    "Milestone 1 skeleton, broadcast_active_users");

        MapAsJsonDumps() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            for (Step step : seen.steps()) {
                List<String> order = new ArrayList<>(step.expected().keySet());
                for (PeerView member : step.members()) {
                    for (ServerStream.MapItem map : member.maps()) {
                        String dumps = map.stringValues() ? PythonJson.dumps(map.users()) : null;
                        if (dumps != null && dumps.equals(map.json()) && inOrder(map, order)) {
                            continue;
                        }
                        String why = dumps == null ? "its values are not strings"
                                : !dumps.equals(map.json()) ? "json.dumps writes " + Show.text("!" + dumps)
                                : "the users are not in the order they joined (" + String.join(", ", order) + ")";
                        return Verdict.fail("'!' + json.dumps(ACTIVE_USERS), byte for byte",
                                member.who() + " received " + Show.text("!" + map.json()) + "; " + why,
                                List.of(member.evidence(seen.server())));
                    }
                }
            }
            return Verdict.pass("every map was exactly '!' + json.dumps(...) in joining order");
        }

        private static boolean inOrder(ServerStream.MapItem map, List<String> order) {
            List<String> keys = map.users().keySet().stream().filter(order::contains).toList();
            return keys.equals(order.stream().filter(keys::contains).toList());
        }
    }
}
