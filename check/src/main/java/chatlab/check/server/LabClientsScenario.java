package chatlab.check.server;

import chatlab.check.Evidence;
import chatlab.check.Rule;
import chatlab.check.RuleBase;
import chatlab.check.RuleInfo;
import chatlab.check.Verdict;
import chatlab.check.engine.ChatUser;
import chatlab.check.engine.ScenarioBase;
import chatlab.check.proc.Poll;
import chatlab.check.proc.ProgramProcess;
import chatlab.check.wire.LabPeer;
import chatlab.check.wire.Show;
import chatlab.wire.PythonRepr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lab's own Python client against the server: olga (a peer of the check) is in the room, the lab's client
 * joins as lab1 on one host and as lab2 on another, then dave (a peer) joins. lab1's {@code #ls} must list all
 * four; then lab1 and lab2 send each other a direct message over UDP, to the addresses the server gave them.
 */
final class LabClientsScenario extends ScenarioBase<ServerSession, LabClientsScenario.Seen> {
    static final String TO_LAB2 = "hello lab2, straight over udp";
    static final String TO_LAB1 = "and back to lab1";

    /** One direct message: typed into {@code from}, expected on {@code to}'s screen. */
    record Direct(String from, String to, String text, String typed, List<String> senderPrinted,
            List<String> receiverPrinted, boolean arrived) {}

    record Seen(ChatUser.Listing listing, List<Direct> directs, List<String> lab1Printed) {}

    LabClientsScenario() {
        super("lab-client",
                "the lab's own chatclient.py joins twice (lab1, lab2) with olga and dave; #ls, then direct messages "
                + "both ways");
    }

    @Override
    public List<Rule<Seen>> rules() {
        return List.of(new ListsUsers(), new DirectBothWays());
    }

    @Override
    public Seen play(ServerSession session) throws Exception {
        LabPeer olga = session.join("olga");
        Map<String, String> room = new LinkedHashMap<>();
        room.put("olga", olga.address());
        // Each lab client's own #ls tells when the server has registered it (it lists itself then), and one event
        // at a time reaches the lab's clients, as when people join: two maps in one recv(1024) would end a lab
        // client's receive thread (json.loads reads one object).
        ChatUser lab1 = session.labClient("lab1");
        room.put("lab1", lab1.address());
        lab1.listExactly(room, session.step().dividedBy(2));
        ChatUser lab2 = session.labClient("lab2");
        room.put("lab2", lab2.address());
        lab2.listExactly(room, session.step().dividedBy(2));
        lab1.listExactly(room, session.step().dividedBy(2));
        LabPeer dave = session.join("dave");
        room.put("dave", dave.address());
        ChatUser.Listing listing = lab1.listExactly(room, session.step());
        // lab2 may learn of dave a moment after lab1: wait for its list too, before the direct messages.
        lab2.listExactly(room, session.step().dividedBy(2));
        List<Direct> directs = new ArrayList<>();
        directs.add(direct(session, lab1, lab2, TO_LAB2));
        directs.add(direct(session, lab2, lab1, TO_LAB1));
        return new Seen(listing, directs, lab1.process().printedFrom(0));
    }

    private static Direct direct(ServerSession session, ChatUser from, ChatUser to, String text)
            throws InterruptedException {
        ProgramProcess sender = from.process();
        ProgramProcess receiver = to.process();
        int sent = sender.mark();
        int got = receiver.mark();
        String typed = "@" + to.name() + ": " + text;
        sender.type(typed);
        // Until the receiver shows it, or the sender says it does not know the receiver (then nothing is sent).
        Poll.until(session.step(), () -> receiver.printedFrom(got).stream().anyMatch(l -> l.contains(text))
                || sender.printedFrom(sent).stream().anyMatch(l -> l.contains("not registered")));
        boolean arrived = receiver.printedFrom(got).stream().anyMatch(l -> l.contains(text));
        return new Direct(from.name(), to.name(), text, typed, sender.printedFrom(sent), receiver.printedFrom(got),
                arrived);
    }

    /** S-LS. */
    static final class ListsUsers extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.required("S-LS",
                    "With this server, the lab's own client's #ls lists every user in the room with their address.",
                    "if usr_input =='#ls': print (ACTIVE_USERS) / ACTIVE_USERS = json.loads(msg[1:])",
                    "Milestone 2 skeleton, send and update_active_users");

        ListsUsers() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            ChatUser.Listing listing = seen.listing();
            if (listing.matched()) {
                return Verdict.pass("lab1 printed " + listing.lastList());
            }
            List<Evidence> evidence = new ArrayList<>();
            evidence.add(Evidence.of("lab1's output: " + String.join(" | ", tail(seen.lab1Printed(), 6))));
            seen.lab1Printed().stream().filter(l -> l.contains("Error:")).findFirst().ifPresent(error -> evidence.add(
                    Evidence.of("  lab1's receive thread died: " + error + (error.contains("Extra data")
                            ? " (a map and more came in one recv(1024): json.loads reads exactly one object, so each "
                                    + "map must arrive alone)" : ""))));
            return Verdict.fail("lab1's #ls prints " + PythonRepr.dict(listing.expected()) + " (in any order)",
                    "lab1 printed " + (listing.lastList().isEmpty() ? "no user list" : Show.text(listing.lastList())),
                    evidence);
        }
    }

    /** S-DM. */
    static final class DirectBothWays extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.required("S-DM",
                    "The addresses in the server's map let the lab's own clients send each other direct messages over "
                            + "UDP, both ways, each shown with the sender's name.",
                    "Clients can also chat with each other using direct UDP connections. / ip_address "
                            + "=ACTIVE_USERS[receiving_client] / sending_client = get_name_from_ip_address(ip_address)",
                    "System Setup; Milestone 2 skeleton, send and receive_udp");

        DirectBothWays() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            List<Evidence> evidence = new ArrayList<>();
            int failed = 0;
            for (Direct d : seen.directs()) {
                boolean named = d.receiverPrinted().stream().anyMatch(l -> l.contains(d.text())
                        && l.contains("from " + d.from()));
                if (named) {
                    continue;
                }
                failed++;
                evidence.add(Evidence.of(d.from() + " typed " + Show.text(d.typed()) + "; " + d.to() + " printed "
                        + (d.arrived() ? "it without \"from " + d.from() + "\": "
                                + d.receiverPrinted().stream().filter(l -> l.contains(d.text())).findFirst().orElse("")
                                : "nothing of it: " + String.join(" | ", tail(d.receiverPrinted(), 4)))));
                d.senderPrinted().stream().filter(l -> l.contains("not registered")).findFirst()
                        .ifPresent(l -> evidence.add(Evidence.of("  " + d.from() + " printed " + Show.text(l)
                                + ": its user map from the server did not list " + d.to())));
            }
            if (evidence.isEmpty()) {
                return Verdict.pass("lab1 and lab2 each printed the other's direct message with its name");
            }
            return Verdict.fail("each prints \"Incoming msg (P2P) from NAME: TEXT\" for the other's message",
                    failed + " of the 2 direct messages did not arrive with the sender's name", evidence);
        }
    }

    static List<String> tail(List<String> lines, int n) {
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}
