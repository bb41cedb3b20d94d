package chatlab.check.client;

import chatlab.check.Evidence;
import chatlab.check.Rule;
import chatlab.check.RuleBase;
import chatlab.check.RuleInfo;
import chatlab.check.Verdict;
import chatlab.check.engine.ChatUser;
import chatlab.check.engine.NotApplicable;
import chatlab.check.engine.ScenarioBase;
import chatlab.check.wire.Show;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Two copies of the client, on two lab hosts, talk to each other: through the room and directly, both ways, as the
 * lab's Milestone 3 has students do between client1, client2 and client3.
 */
final class CopiesScenario extends ScenarioBase<ClientSession, CopiesScenario.Seen> {
    static final String ROOM_TEXT = "hello bob, from alice's client";
    static final String TO_ALICE = "psst alice, from bob's client";
    static final String TO_BOB = "and back to bob";

    /** One exchange: who typed what, and whether the other copy showed it. */
    record Exchange(String from, String to, String typed, String text, boolean shown, List<String> printed,
            List<String> senderPrinted) {}

    record Seen(List<Exchange> exchanges) {}

    CopiesScenario() {
        super("copies",
                "two copies of the client (alice on one host, bob on another) chat through the room and directly, both "
                + "ways");
    }

    @Override
    public List<Rule<Seen>> rules() {
        return List.of(new TalkToEachOther());
    }

    @Override
    public Seen play(ClientSession session) throws Exception {
        if (session.run().request().copies() < 2) {
            throw new NotApplicable("needs two copies of the client (--copies 2 or more)");
        }
        ClientSession.Peer witness = session.join("wit");
        ChatUser alice = session.start("alice", witness.tcp());
        ChatUser bob = session.start("bob", witness.tcp());
        alice.listUntil(Map.of("bob", bob.address()), List.of(), session.step());
        bob.listUntil(Map.of("alice", alice.address()), List.of(), session.step());
        List<Exchange> exchanges = new ArrayList<>();
        exchanges.add(exchange(session, alice, bob, ROOM_TEXT, ROOM_TEXT));
        exchanges.add(exchange(session, bob, alice, "@alice: " + TO_ALICE, TO_ALICE));
        exchanges.add(exchange(session, alice, bob, "@bob: " + TO_BOB, TO_BOB));
        return new Seen(exchanges);
    }

    private static Exchange exchange(ClientSession session, ChatUser from, ChatUser to, String typed,
            String text) throws InterruptedException {
        int mark = to.mark();
        int sent = from.mark();
        from.type(typed);
        boolean shown = to.awaitPrinted(mark, session.step(), l -> l.contains(text) && l.contains(from.name()));
        return new Exchange(from.name(), to.name(), typed, text, shown, to.printedFrom(mark), from.printedFrom(sent));
    }

    /** C-COPIES. */
    static final class TalkToEachOther extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.required("C-COPIES",
                    "Two copies of the client, on two hosts, exchange chatroom and direct messages both ways, each shown "
                            + "with the sender's name.",
                    "Run the code of the chat client in \"client1\", \"client2\" and \"client3\" containers. Create "
                            + "different names for every client. Send messages to the chatroom and to other clients (P2P).",
                    "Milestone 3");

        TalkToEachOther() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            List<Evidence> evidence = new ArrayList<>();
            for (Exchange e : seen.exchanges()) {
                if (!e.shown()) {
                    evidence.add(Evidence.of(e.from() + " typed " + Show.text(e.typed()) + "; " + e.to() + " printed "
                            + Printed.lines(e.printed()) + "; " + e.from() + " printed " + Printed.lines(e.senderPrinted())));
                }
            }
            if (evidence.isEmpty()) {
                return Verdict.pass("all 3 messages were shown by the other copy with the sender's name");
            }
            return Verdict.fail("each message shown by the other copy, with the sender's name",
                    evidence.size() + " of the 3 were not", evidence);
        }
    }
}
