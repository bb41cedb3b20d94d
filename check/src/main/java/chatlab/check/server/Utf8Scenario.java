package chatlab.check.server;

import chatlab.check.Evidence;
import chatlab.check.Rule;
import chatlab.check.RuleBase;
import chatlab.check.RuleInfo;
import chatlab.check.Verdict;
import chatlab.check.engine.ScenarioBase;
import chatlab.check.wire.LabPeer;
import chatlab.check.wire.Show;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Names and text outside ASCII: Norwegian letters, Chinese characters and an emoji (a character above U+FFFF,
 * which json.dumps writes as a surrogate pair). Each newcomer's map must hold its name as it was sent, and a
 * message must reach the others intact.
 */
final class Utf8Scenario extends ScenarioBase<ServerSession, Utf8Scenario.Seen> {
    static final List<String> NAMES = List.of("åse", "bjørn", "李雷😀");
    static final String SENDER = "bjørn";
    static final String TEXT = "blåbærsyltetøy på brødskiva ✓ 中文 😀";

    /** @param joiners each newcomer's view from its start; @param others what the two others got after the send */
    record Seen(List<PeerView> joiners, List<PeerView> others, String server) {}

    Utf8Scenario() {
        super("utf8", String.join(", ", NAMES) + " join; bjørn sends \"" + TEXT + "\"");
    }

    @Override
    public List<Rule<Seen>> rules() {
        return List.of(new Utf8());
    }

    @Override
    public Seen play(ServerSession session) throws Exception {
        List<LabPeer> peers = new ArrayList<>();
        for (String name : NAMES) {
            peers.add(session.join(name));
        }
        LabPeer sender = peers.get(1);
        List<LabPeer> others = List.of(peers.get(0), peers.get(2));
        int[] marks = {others.get(0).mark(), others.get(1).mark()};
        sender.send(TEXT);
        session.awaitText(others.get(0), marks[0], TEXT);
        session.awaitText(others.get(1), marks[1], TEXT);
        List<PeerView> joiners = peers.stream().map(p -> PeerView.of(p, 0)).toList();
        return new Seen(joiners, List.of(PeerView.of(others.get(0), marks[0]), PeerView.of(others.get(1), marks[1])),
                session.server().address().getAddress().getHostAddress());
    }

    /** S-UTF8. */
    static final class Utf8 extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.required("S-UTF8",
                    "Names and messages are UTF-8: a name outside ASCII is listed as it was sent, and such a message "
                            + "reaches the others intact.",
                    "name= name.decode(\"utf-8\") / msg = msg.decode(\"utf-8\") / msg = msg.encode(\"utf-8\")",
                    "Milestone 1 skeleton, accept_incoming_connections, handle_client, broadcast_msg");

        Utf8() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            List<Evidence> evidence = new ArrayList<>();
            for (PeerView joiner : seen.joiners()) {
                boolean listed = joiner.maps().stream()
                        .anyMatch(m -> joiner.address().equals(m.users().get(joiner.name())));
                if (!listed) {
                    evidence.add(Evidence.of(Show.text(joiner.name()) + " sent its name in UTF-8 and was not listed "
                            + "under it: " + MapWords.difference(Map.of(joiner.name(), joiner.address()),
                                    joiner.lastMap(), joiner.text())));
                }
            }
            for (PeerView other : seen.others()) {
                if (!Relays.attributed(other.text(), SENDER, TEXT)) {
                    evidence.add(other.evidence(seen.server()));
                }
            }
            if (evidence.isEmpty()) {
                return Verdict.pass("the three names were listed as sent and bjørn's message arrived intact");
            }
            return Verdict.fail("each name listed as sent (json.dumps escapes it, json.loads restores it); "
                    + Show.text(SENDER + ": " + TEXT + " ") + " at the two others, in UTF-8",
                    evidence.size() + " thing(s) went wrong", evidence);
        }
    }
}
