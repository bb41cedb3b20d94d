package chatlab.check.server;

import chatlab.check.Evidence;
import chatlab.check.Rule;
import chatlab.check.RuleBase;
import chatlab.check.RuleInfo;
import chatlab.check.Verdict;
import chatlab.check.engine.ScenarioBase;
import chatlab.check.proc.Poll;
import chatlab.check.wire.LabPeer;
import chatlab.check.wire.Show;
import java.util.List;

/**
 * wes and sam are in the room; a second client registers the name sam. The lab's own server lets the second
 * overwrite the first in its map and keeps both connections; a server may also refuse the second. What it must
 * not do is drop the first sam without a word. Then wes sends a message, which the first sam should still get.
 */
final class SameNameScenario extends ScenarioBase<ServerSession, SameNameScenario.Seen> {
    static final String NAME = "sam";
    static final String TEXT = "sam, are you still there?";

    /**
     * @param first  the first sam, from the moment the second registered
     * @param second the second sam, from its start
     * @param got    whether the first sam got wes's message
     */
    record Seen(PeerView first, PeerView second, boolean got, String wesMap) {}

    SameNameScenario() {
        super("same-name", "wes and sam are in the room; a second client registers as sam; wes sends a message");
    }

    @Override
    public List<Rule<Seen>> rules() {
        return List.of(new FirstNotDroppedSilently());
    }

    @Override
    public Seen play(ServerSession session) throws Exception {
        LabPeer wes = session.join("wes");
        LabPeer first = session.join(NAME);
        int firstMark = first.mark();
        int wesMark = wes.mark();
        LabPeer second = session.connect(NAME + " (the second)");
        second.send(NAME);
        // The server's answer: a map from it (to wes), or the second or the first closed; a step at most.
        Poll.until(session.step(), () -> !second.open() || !first.open() || second.lastMap().isPresent()
                || wes.mark() > wesMark);
        int firstMarkAfterMap = first.mark();
        wes.send(TEXT);
        Poll.until(session.step(), () -> first.textFrom(firstMarkAfterMap).contains(TEXT) || !first.open());
        boolean got = first.textFrom(firstMarkAfterMap).contains(TEXT);
        return new Seen(PeerView.of(first, firstMark), PeerView.of(second, 0), got,
                wes.lastMap().map(m -> "!" + m.json()).orElse("no map"));
    }

    /** S-SAME-NAME. */
    static final class FirstNotDroppedSilently extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.advice("S-SAME-NAME",
                    "When a second client registers a name in use, the first keeps its place (the lab's server keeps "
                            + "both connections) or is told why it is dropped; refusing the second is fine too.",
                    "Create different names for every client. / ACTIVE_USERS[name] = client_address[0]",
                    "Milestone 3; Milestone 1 skeleton (a second registration overwrites the first in ACTIVE_USERS)");

        FirstNotDroppedSilently() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            PeerView first = seen.first();
            String second = seen.second().open() ? "the second sam stayed connected"
                    : "the second sam's connection was " + seen.second().ended();
            if (seen.got()) {
                return Verdict.pass("the first sam still received wes's message; " + second + "; wes's map: "
                        + seen.wesMap());
            }
            String text = first.text().strip();
            if (!first.open() && !text.isEmpty()) {
                return Verdict.pass("the first sam was told " + Show.text(text) + " before its connection was "
                        + first.ended());
            }
            return Verdict.fail("the first sam keeps receiving the room's messages, or is told why it is dropped",
                    first.open() ? "the first sam stayed connected but no longer received the room's messages"
                            : "the first sam's connection was " + first.ended() + " without a word",
                    List.of(Evidence.of(first.received()), Evidence.of(second), Evidence.of("wes's map: "
                            + seen.wesMap())));
        }
    }
}
