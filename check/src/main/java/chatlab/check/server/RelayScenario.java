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

/**
 * ann, ben and cy are in the room; ann sends a message. Then cy sends one, which ann should get: once it is there,
 * anything the server would send ann for her own message has arrived too (it was sent first), so "nothing came
 * back" needs no fixed wait.
 */
final class RelayScenario extends ScenarioBase<ServerSession, RelayScenario.Seen> {
    static final String SENDER = "ann";
    static final String TEXT = "hello from ann";
    static final String BARRIER_SENDER = "cy";
    static final String BARRIER = "and hello from cy";

    /**
     * @param sender        what ann received after sending
     * @param others        what ben and cy received after ann sent
     * @param barrierCameBack whether ann got cy's message (so her view is complete)
     */
    record Seen(PeerView sender, List<PeerView> others, boolean barrierCameBack, String server) {}

    RelayScenario() {
        super("relay",
                "ann, ben and cy are in the room; ann sends \"" + TEXT + "\", then cy sends \"" + BARRIER + "\"");
    }

    @Override
    public List<Rule<Seen>> rules() {
        return List.of(new ToOthers(), new NotToSender(), new LabFormat());
    }

    @Override
    public Seen play(ServerSession session) throws Exception {
        LabPeer ann = session.join(SENDER);
        LabPeer ben = session.join("ben");
        LabPeer cy = session.join(BARRIER_SENDER);
        int annMark = ann.mark();
        int benMark = ben.mark();
        int cyMark = cy.mark();
        ann.send(TEXT);
        session.awaitText(ben, benMark, TEXT);
        session.awaitText(cy, cyMark, TEXT);
        cy.send(BARRIER);
        boolean barrier = session.awaitText(ann, annMark, BARRIER);
        session.awaitText(ben, benMark, BARRIER);
        return new Seen(PeerView.of(ann, annMark), List.of(PeerView.of(ben, benMark), PeerView.of(cy, cyMark)),
                barrier, session.server().address().getAddress().getHostAddress());
    }

    /** S-RELAY-OTHERS. */
    static final class ToOthers extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.required("S-RELAY-OTHERS",
                    "A message reaches every other client, with the sender's name in front: NAME: TEXT.",
                    "msg = f\"{SOCKETS[client_socket]}: {msg} \" / # Send the received msg to every client, except this "
                            + "client",
                    "Milestone 1 skeleton, handle_client");

        ToOthers() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            List<Evidence> evidence = new ArrayList<>();
            for (PeerView other : seen.others()) {
                if (!Relays.attributed(other.text(), SENDER, TEXT)) {
                    evidence.add(other.evidence(seen.server()));
                }
            }
            if (evidence.isEmpty()) {
                return Verdict.pass("ben and cy both received \"" + SENDER + ": " + TEXT + "\"");
            }
            return Verdict.fail("ben and cy each receive " + Show.text(SENDER + ": " + TEXT + " "),
                    evidence.size() + " of the 2 other clients did not receive ann's message with her name", evidence);
        }
    }

    /** S-RELAY-NOT-SENDER. */
    static final class NotToSender extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.required("S-RELAY-NOT-SENDER",
                    "The sender does not get its own message back.",
                    "# Send the received msg to every client, except this client / # exclude sending msg to the "
                            + "sending_client / if client_socket != sending_client:",
                    "Milestone 1 skeleton, handle_client and broadcast_msg");

        NotToSender() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            PeerView ann = seen.sender();
            String when = seen.barrierCameBack() ? "" : " (cy's later message never reached ann, so this is what came "
                    + "within the wait)";
            if (!ann.text().contains(TEXT)) {
                return Verdict.pass("ann received nothing of her own message" + when);
            }
            return Verdict.fail("ann, the sender, receives nothing of her own message \"" + TEXT + "\"",
                    "the server sent ann's message back to her" + when,
                    List.of(ann.evidence(seen.server(), TEXT), Evidence.of("  the lab's broadcast_msg skips the sending "
                            + "client: if client_socket != sending_client")));
        }
    }

    /** S-RELAY-FORMAT. */
    static final class LabFormat extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.advice("S-RELAY-FORMAT",
                    "The relay is exactly the lab's bytes: NAME, a colon, a space, the text, and a trailing space.",
                    "msg = f\"{SOCKETS[client_socket]}: {msg} \"",
                    "Milestone 1 skeleton, handle_client");

        LabFormat() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            String relay = SENDER + ": " + TEXT + " ";
            for (PeerView other : seen.others()) {
                String text = other.text();
                int at = text.indexOf(relay);
                String after = at < 0 ? "" : text.substring(at + relay.length());
                boolean clean = at >= 0 && (after.isEmpty() || after.startsWith(BARRIER_SENDER + ": "));
                if (!clean) {
                    return Verdict.fail(Show.text(relay) + " and nothing more",
                            other.received(), List.of(other.evidence(seen.server())));
                }
            }
            return Verdict.pass("both received exactly " + Show.text(relay));
        }
    }
}
