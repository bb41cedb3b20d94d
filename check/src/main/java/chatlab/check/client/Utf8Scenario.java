package chatlab.check.client;

import chatlab.check.Evidence;
import chatlab.check.Rule;
import chatlab.check.RuleBase;
import chatlab.check.RuleInfo;
import chatlab.check.Verdict;
import chatlab.check.engine.ChatUser;
import chatlab.check.engine.ScenarioBase;
import chatlab.check.proc.Poll;
import chatlab.check.wire.Show;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Text outside ASCII both ways: the client registers as åsa, shows bjørn's message, and sends one of its own. */
final class Utf8Scenario extends ScenarioBase<ClientSession, Utf8Scenario.Seen> {
    static final String NAME = "åsa";
    static final String PEER = "bjørn";
    static final String FROM_PEER = "blåbærsyltetøy ✓ 中文 😀";
    static final String TYPED = "grüße, ça va? 😀";

    record Seen(Optional<String> listedAt, String address, List<String> printed, String peerGot, boolean listedPeer,
            List<String> listing) {}

    Utf8Scenario() {
        super("utf8",
                "bjørn is in the room; the client joins as åsa; bjørn sends \"" + FROM_PEER + "\"; åsa types \"" + TYPED
                + "\"");
    }

    @Override
    public List<Rule<Seen>> rules() {
        return List.of(new Utf8());
    }

    @Override
    public Seen play(ClientSession session) throws Exception {
        ClientSession.Peer peer = session.join(PEER);
        ChatUser client = session.start(NAME, peer.tcp());
        Optional<String> listedAt = peer.tcp().lastMap().map(m -> m.users().get(NAME));
        ChatUser.Listing listing = client.listUntil(Map.of(PEER, peer.address()), List.of(), session.step());
        int mark = client.mark();
        peer.tcp().send(FROM_PEER);
        client.awaitPrinted(mark, session.step(), l -> l.contains(FROM_PEER));
        List<String> printed = client.printedFrom(mark);
        int peerMark = peer.tcp().mark();
        client.type(TYPED);
        Poll.until(session.step(), () -> peer.tcp().textFrom(peerMark).contains(TYPED));
        return new Seen(listedAt, client.address(), printed, peer.tcp().textFrom(peerMark), listing.matched(),
                listing.printed());
    }

    /** C-UTF8. */
    static final class Utf8 extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.required("C-UTF8",
                    "Names and text outside ASCII work both ways: the client registers åsa, shows bjørn and his message "
                            + "as they are, and sends its own in UTF-8.",
                    "name = name.encode(\"utf-8\") / msg = msg.decode(\"utf-8\") / msg = msg.encode(\"utf-8\")",
                    "Milestone 2 skeleton, connect_and_listen, receive_tcp and send");

        Utf8() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            List<Evidence> evidence = new ArrayList<>();
            if (seen.listedAt().isEmpty()) {
                evidence.add(Evidence.of("the server never listed " + Show.text(NAME) + ": the name did not arrive "
                        + "as UTF-8"));
            }
            if (!seen.listedPeer()) {
                evidence.add(Evidence.of("#ls did not show " + Show.text(PEER) + ": " + Printed.lines(seen.listing())));
            }
            if (Printed.lineWith(seen.printed(), FROM_PEER).isEmpty()) {
                evidence.add(Evidence.of("bjørn's message was not shown as sent; the client printed "
                        + Printed.lines(seen.printed())));
            }
            if (!seen.peerGot().contains(NAME + ": " + TYPED)) {
                evidence.add(Evidence.of("bjørn received " + Show.text(seen.peerGot()) + " for the typed line"));
            }
            if (evidence.isEmpty()) {
                return Verdict.pass("åsa registered, bjørn's message shown, åsa's message arrived intact");
            }
            return Verdict.fail("åsa registered; #ls shows bjørn; " + Show.text(FROM_PEER) + " shown; bjørn receives "
                    + Show.text(NAME + ": " + TYPED + " "), evidence.size() + " thing(s) went wrong", evidence);
        }
    }
}
