package chatlab.check.client;

import chatlab.check.Rule;
import chatlab.check.RuleBase;
import chatlab.check.RuleInfo;
import chatlab.check.Verdict;
import chatlab.check.engine.ChatUser;
import chatlab.check.engine.ScenarioBase;
import chatlab.check.wire.DirectSocket;
import chatlab.check.wire.Show;
import chatlab.wire.PythonRepr;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each event once, to compare what the client prints with what the lab's client prints for it, byte for byte
 * (its input prompt {@code >} set aside): a chatroom message, #ls, a direct message from a user, one from an
 * address no user has, and a direct message to a name nobody has.
 */
final class LabOutputScenario extends ScenarioBase<ClientSession, LabOutputScenario.Seen> {
    static final String RELAY = "hello from bob";
    static final String DIRECT = " a word from bob";
    static final String STRANGER = " who am i?";
    /** The longest prompt set aside before a line the lab's client prints. */
    static final int MAX_PROMPT_CHARS = 24;

    /** One event, the line the lab's client prints for it, and what this client printed. */
    record Event(String what, String labLine, List<String> printed) {
        Optional<String> exact() {
            return printed.stream().filter(l -> matchesLab(l, labLine)).findFirst();
        }
    }

    record Seen(List<Event> events) {}

    LabOutputScenario() {
        super("lab-output",
                "the client (alice) meets each event once: a chatroom message, #ls, a direct message from bob and "
                + "one from a stranger, and @nobody");
    }

    @Override
    public List<Rule<Seen>> rules() {
        return List.of(new PrintsAsTheLab());
    }

    @Override
    public Seen play(ClientSession session) throws Exception {
        ClientSession.Peer bob = session.join("bob");
        ChatUser alice = session.start("alice", bob.tcp());
        Map<String, String> room = new LinkedHashMap<>();
        bob.tcp().lastMap().ifPresent(m -> room.putAll(m.users()));
        // The client is up (any password prompt answered) before the events it is to print.
        alice.listUntil(room, List.of(), session.step());
        List<Event> events = new ArrayList<>();
        int mark = alice.mark();
        bob.tcp().send(RELAY);
        String relayLine = "incoming msg from chatserver (bob: " + RELAY + " )";
        alice.awaitPrinted(mark, session.step(), l -> l.contains(RELAY));
        events.add(new Event("a chatroom message from bob", relayLine, alice.printedFrom(mark)));
        ChatUser.Listing listing = alice.listUntil(room, List.of(), session.step());
        events.add(new Event("#ls", PythonRepr.dict(room), listing.printed()));
        InetAddress to = InetAddress.getByName(alice.address());
        events.add(direct(session, alice, bob.udp(), to, DIRECT, "Incoming msg (P2P) from bob:" + DIRECT,
                "a direct message from bob"));
        DirectSocket stranger = session.stranger();
        events.add(direct(session, alice, stranger, to, STRANGER, "Incoming msg (P2P) from Non-registered:" + STRANGER,
                "a direct message from an address no user has"));
        mark = alice.mark();
        alice.type("@nobody: are you there?");
        alice.awaitPrinted(mark, session.step(), l -> l.contains("nobody"));
        events.add(new Event("@nobody: (no such user)", "nobody is not registered", alice.printedFrom(mark)));
        return new Seen(events);
    }

    private static Event direct(ClientSession session, ChatUser alice, DirectSocket from, InetAddress to,
            String text, String labLine, String what) throws Exception {
        int mark = alice.mark();
        from.send(text.getBytes(StandardCharsets.UTF_8), to, session.udpPort());
        alice.awaitPrinted(mark, session.step(), l -> l.contains(text.strip()));
        return new Event(what, labLine, alice.printedFrom(mark));
    }

    /**
     * The lab client's line, perhaps after input prompts printed without a newline: the lab's {@code >}, or a short
     * prompt of the program's own that ends in {@code >} or {@code :} ({@code you> }, {@code Message: }).
     */
    static boolean matchesLab(String line, String labLine) {
        if (!line.endsWith(labLine)) {
            return false;
        }
        String before = line.substring(0, line.length() - labLine.length()).stripTrailing();
        return before.isEmpty() || before.length() <= MAX_PROMPT_CHARS && before.matches(".*[>:]");
    }

    /** C-LAB-OUTPUT. */
    static final class PrintsAsTheLab extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.advice("C-LAB-OUTPUT",
                    "For each event the client prints the line the lab's client prints (its input prompt aside); a "
                            + "difference is reported, never failed on: the lab asks for a working chat, not its "
                            + "exact words.",
                    "print(f\"incoming msg from chatserver ({msg})\") / print (ACTIVE_USERS) / print (f\"Incoming msg "
                            + "(P2P) from {sending_client}:{msg.decode('utf-8')}\") / name = ... 'Non-registered' / "
                            + "print(f\"{receiving_client} is not registered\")",
                    "Milestone 2 skeleton, receive_tcp, send, receive_udp and get_name_from_ip_address");

        PrintsAsTheLab() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            List<chatlab.check.Evidence> evidence = new ArrayList<>();
            for (Event e : seen.events()) {
                if (e.exact().isEmpty()) {
                    evidence.add(chatlab.check.Evidence.of(e.what() + ": the lab prints " + Show.text(e.labLine())
                            + "; this client printed " + Printed.lines(e.printed())));
                }
            }
            if (evidence.isEmpty()) {
                return Verdict.pass("all " + seen.events().size() + " events were printed as the lab's client prints "
                        + "them");
            }
            return Verdict.fail("the lab client's line for each event",
                    evidence.size() + " of " + seen.events().size() + " events were printed differently", evidence);
        }
    }
}
