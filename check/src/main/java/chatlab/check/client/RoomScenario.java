package chatlab.check.client;

import chatlab.check.Evidence;
import chatlab.check.Rule;
import chatlab.check.RuleBase;
import chatlab.check.RuleInfo;
import chatlab.check.Verdict;
import chatlab.check.engine.ChatUser;
import chatlab.check.engine.ScenarioBase;
import chatlab.check.proc.Poll;
import chatlab.check.wire.LabPeer;
import chatlab.check.wire.Show;
import chatlab.wire.PythonRepr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client in the chatroom: bob (a peer of the check) is in the room; the client starts and registers as alice;
 * carol joins; #ls; bob sends a message; alice types one; carol leaves; #ls again.
 */
final class RoomScenario extends ScenarioBase<ClientSession, RoomScenario.Seen> {
    static final String NAME = "alice";
    static final String FROM_BOB = "hello alice, this is bob";
    static final String TYPED = "hi everyone, alice here";

    record Seen(String expectedAddress, Optional<String> listedAt, List<String> startPrinted, List<String> serverLog,
            ChatUser.Listing afterJoin, ChatUser.Listing afterLeave, List<String> relayPrinted,
            List<String> bobGot, List<String> carolGot, boolean alive) {}

    RoomScenario() {
        super("room",
                "bob is in the room; the client joins as alice; carol joins; #ls; bob sends a message; alice types one; "
                + "carol leaves; #ls");
    }

    @Override
    public List<Rule<Seen>> rules() {
        return List.of(new Registers(), new ListsUsers(), new ShowsRelay(), new SendsToRoom());
    }

    @Override
    public Seen play(ClientSession session) throws Exception {
        ClientSession.Peer bob = session.join("bob");
        ChatUser alice = session.start(NAME, bob.tcp());
        Optional<String> listedAt = bob.tcp().lastMap().map(m -> m.users().get(NAME));
        List<String> startPrinted = alice.printedFrom(0);
        ClientSession.Peer carol = session.join("carol");
        Map<String, String> room = new LinkedHashMap<>();
        room.put("bob", bob.address());
        room.put(NAME, alice.address());
        room.put("carol", carol.address());
        ChatUser.Listing afterJoin = alice.listUntil(room, List.of(), session.step());
        int mark = alice.mark();
        bob.tcp().send(FROM_BOB);
        alice.awaitPrinted(mark, session.step(), l -> l.contains(FROM_BOB));
        List<String> relayPrinted = alice.printedFrom(mark);
        int bobMark = bob.tcp().mark();
        int carolMark = carol.tcp().mark();
        alice.type(TYPED);
        Poll.until(session.step(), () -> bob.tcp().textFrom(bobMark).contains(TYPED)
                && carol.tcp().textFrom(carolMark).contains(TYPED));
        List<String> bobGot = List.of(bob.tcp().textFrom(bobMark));
        List<String> carolGot = List.of(carol.tcp().textFrom(carolMark));
        carol.tcp().close();
        room.remove("carol");
        ChatUser.Listing afterLeave = alice.listUntil(room, List.of("carol"), session.step());
        return new Seen(alice.address(), listedAt, startPrinted, session.serverLog(), afterJoin, afterLeave,
                relayPrinted, bobGot, carolGot, alice.process().alive());
    }

    /** C-REGISTER. */
    static final class Registers extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.required("C-REGISTER",
                    "The client connects to the chat server (chat.ttm4200.com, TCP port 5000) and registers the name the "
                            + "user typed; the server sees it at the client's own address.",
                    "SERVER_IP = # get the IP address of the chatserver (chat.ttm4200.com) using your DNS server / "
                            + "name = input(\"First enter your name to register it in the server: \") / # send the "
                            + "\"name\" to the server",
                    "Milestone 2 skeleton, connect_and_listen");

        Registers() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            if (seen.listedAt().isPresent() && seen.listedAt().get().equals(seen.expectedAddress())) {
                return Verdict.pass("alice was registered from " + seen.expectedAddress());
            }
            List<Evidence> evidence = new ArrayList<>();
            evidence.add(Evidence.of("the client printed: " + Printed.lines(seen.startPrinted())));
            seen.serverLog().forEach(l -> evidence.add(Evidence.of("chatlab's server: " + l)));
            String why = seen.listedAt().map(a -> "alice was registered at " + a + ", not at the client's address "
                    + seen.expectedAddress() + " (the lab's map must hold the address other clients reach it at)")
                    .orElse("no user alice joined the server");
            return Verdict.fail("after the user typed alice, the server lists alice at " + seen.expectedAddress(), why,
                    evidence);
        }
    }

    /** C-LS. */
    static final class ListsUsers extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.required("C-LS",
                    "#ls shows every user with their address, kept up to date from the server's maps as users join and "
                            + "leave.",
                    "if usr_input =='#ls': print (ACTIVE_USERS) / if msg[0]== '!': update_active_users(msg)",
                    "Milestone 2 skeleton, send and receive_tcp");

        ListsUsers() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            List<Evidence> evidence = new ArrayList<>();
            if (!seen.afterJoin().matched()) {
                evidence.add(Evidence.of("after carol joined, #ls printed: " + Printed.lines(seen.afterJoin().printed())
                        + "; expected " + PythonRepr.dict(seen.afterJoin().expected())));
            }
            if (!seen.afterLeave().matched()) {
                evidence.add(Evidence.of("after carol left, #ls printed: " + Printed.lines(seen.afterLeave().printed())
                        + "; expected " + PythonRepr.dict(seen.afterLeave().expected()) + " (without carol)"));
            }
            if (evidence.isEmpty()) {
                return Verdict.pass("#ls listed bob, alice and carol, then bob and alice after carol left");
            }
            return Verdict.fail("#ls shows the users of the server's last map, each with its address",
                    evidence.size() + " of the 2 listings were wrong", evidence);
        }
    }

    /** C-SHOW-RELAY. */
    static final class ShowsRelay extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.required("C-SHOW-RELAY",
                    "A chatroom message from another user is shown, with the sender's name.",
                    "else: print(f\"incoming msg from chatserver ({msg})\")",
                    "Milestone 2 skeleton, receive_tcp");

        ShowsRelay() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            Optional<String> line = Printed.lineWith(seen.relayPrinted(), FROM_BOB);
            if (line.isPresent() && line.get().contains("bob")) {
                return Verdict.pass("the client printed " + Show.text(line.get()));
            }
            return Verdict.fail("a line with " + Show.text("bob: " + FROM_BOB) + " (the lab prints "
                    + Show.text("incoming msg from chatserver (bob: " + FROM_BOB + " )") + ")",
                    line.map(l -> "the text without bob's name: " + Show.text(l))
                            .orElse("the client did not print bob's message"),
                    List.of(Evidence.of("the client printed after bob sent: " + Printed.lines(seen.relayPrinted()))));
        }
    }

    /** C-SEND-ROOM. */
    static final class SendsToRoom extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.required("C-SEND-ROOM",
                    "A line the user types (not #ls, not @name:) goes to the server, which relays it to the others.",
                    "elif len(usr_input) > 0 : msg=usr_input ... # Send \"msg\" to the server (chatroom)",
                    "Milestone 2 skeleton, send");

        SendsToRoom() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            String relay = NAME + ": " + TYPED;
            boolean bob = String.join("", seen.bobGot()).contains(relay);
            boolean carol = String.join("", seen.carolGot()).contains(relay);
            if (bob && carol) {
                return Verdict.pass("bob and carol received " + Show.text(relay + " "));
            }
            List<Evidence> evidence = new ArrayList<>();
            evidence.add(Evidence.of("bob received " + Show.text(String.join("", seen.bobGot()))));
            evidence.add(Evidence.of("carol received " + Show.text(String.join("", seen.carolGot()))));
            seen.serverLog().stream().filter(l -> l.startsWith("refused")).forEach(l -> evidence.add(
                    Evidence.of("chatlab's server " + l)));
            return Verdict.fail("the user types " + Show.text(TYPED) + "; bob and carol receive " + Show.text(relay + " "),
                    "the message did not reach " + (bob ? "carol" : carol ? "bob" : "bob and carol"), evidence);
        }
    }
}
