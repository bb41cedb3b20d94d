package chatlab.check.client;

import chatlab.check.Evidence;
import chatlab.check.Rule;
import chatlab.check.RuleBase;
import chatlab.check.RuleInfo;
import chatlab.check.Verdict;
import chatlab.check.engine.ChatUser;
import chatlab.check.engine.ScenarioBase;
import chatlab.check.proc.Poll;
import chatlab.check.wire.DirectSocket;
import chatlab.check.wire.Show;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Direct messages: bob (a peer with a UDP socket on the lab's port) is in the room; the client joins as alice and
 * types {@code @bob: ...}, which must go straight to bob's address over UDP; then bob sends alice a datagram, which
 * the client must show with bob's name. A UDP socket at the server's address catches a direct message sent there.
 */
final class DirectScenario extends ScenarioBase<ClientSession, DirectScenario.Seen> {
    static final String TEXT = "hi bob, just between us";
    static final String FROM_BOB = " psst, alice";

    /** A datagram that arrived, and where. */
    record Arrival(String at, DirectSocket.Datagram datagram) {}

    record Seen(String clientAddress, String bobAddress, String serverAddress, int udpPort, boolean knewBob,
            List<Arrival> arrivals, String bobRelayed, List<String> sendPrinted, List<String> receivePrinted) {
        Optional<Arrival> atBob() {
            return arrivals.stream().filter(a -> a.at().equals("bob")).findFirst();
        }
    }

    DirectScenario() {
        super("direct",
                "bob is in the room; the client joins as alice and types \"@bob: " + TEXT + "\"; bob sends alice \""
                + FROM_BOB + "\" over UDP");
    }

    @Override
    public List<Rule<Seen>> rules() {
        return List.of(new Sends(), new Receives(), new LabBytes());
    }

    @Override
    public Seen play(ClientSession session) throws Exception {
        ClientSession.Peer bob = session.join("bob");
        ChatUser alice = session.start("alice", bob.tcp());
        boolean knewBob = alice.listUntil(Map.of("bob", bob.address()), List.of(), session.step()).matched();
        int bobUdp = bob.udp().mark();
        int caught = session.catcher().mark();
        int bobTcp = bob.tcp().mark();
        int mark = alice.mark();
        alice.type("@bob: " + TEXT);
        Poll.until(session.step(), () -> !bob.udp().from(bobUdp).isEmpty() || !session.catcher().from(caught).isEmpty());
        List<Arrival> arrivals = new ArrayList<>();
        bob.udp().from(bobUdp).forEach(d -> arrivals.add(new Arrival("bob", d)));
        session.catcher().from(caught).forEach(d -> arrivals.add(new Arrival("the server", d)));
        List<String> sendPrinted = alice.printedFrom(mark);
        int receiveMark = alice.mark();
        bob.udp().send(FROM_BOB.getBytes(StandardCharsets.UTF_8), InetAddress.getByName(alice.address()),
                session.udpPort());
        alice.awaitPrinted(receiveMark, session.step(), l -> l.contains(FROM_BOB.strip()));
        return new Seen(alice.address(), bob.address(), session.catcher().address(), session.udpPort(), knewBob,
                arrivals, bob.tcp().textFrom(bobTcp), sendPrinted, alice.printedFrom(receiveMark));
    }

    /** C-DM-SEND. */
    static final class Sends extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.required("C-DM-SEND",
                    "@name: text sends the text directly to that user over UDP, to the address in the server's map and "
                            + "the lab's port, not through the server.",
                    "elif (len(usr_input) > 0) and (usr_input[0] == '@'): ... ip_address =ACTIVE_USERS[receiving_client] "
                            + "/ # Send \"msg\" to the receiving client",
                    "Milestone 2 skeleton, send");

        Sends() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            Optional<Arrival> atBob = seen.atBob();
            if (atBob.isPresent() && text(atBob.get()).contains(TEXT)) {
                return Verdict.pass("bob's UDP socket (" + seen.bobAddress() + ":" + seen.udpPort() + ") received "
                        + Show.bytes(atBob.get().datagram().payload()));
            }
            List<Evidence> evidence = new ArrayList<>();
            for (Arrival a : seen.arrivals()) {
                evidence.add(Evidence.of(a.at() + " (" + (a.at().equals("bob") ? seen.bobAddress() : seen.serverAddress())
                        + ":" + seen.udpPort() + ") received " + Show.bytes(a.datagram().payload()) + " from "
                        + a.datagram().fromAddress() + ":" + a.datagram().fromPort(), new chatlab.check.Evidence.PacketRef(
                                true, seen.clientAddress(), a.at().equals("bob") ? seen.bobAddress() : seen.serverAddress(),
                                seen.udpPort(), a.datagram().payload())));
            }
            if (seen.arrivals().stream().anyMatch(a -> a.at().equals("the server"))) {
                evidence.add(Evidence.of("  the direct message went to the server's address: the receiver's address is "
                        + "ACTIVE_USERS[receiving_client], from the server's map"));
            }
            if (seen.bobRelayed().contains(TEXT)) {
                evidence.add(Evidence.of("bob received it through the server instead: " + Show.text(seen.bobRelayed())));
            }
            if (!seen.knewBob()) {
                evidence.add(Evidence.of("  #ls never showed bob at " + seen.bobAddress()
                        + ": did the client read the server's map?"));
            }
            evidence.add(Evidence.of("the client printed: " + Printed.lines(seen.sendPrinted())));
            return Verdict.fail("a UDP datagram holding " + Show.text(TEXT) + " at bob's address " + seen.bobAddress()
                    + ", port " + seen.udpPort(), atBob.isPresent() ? "bob got a datagram without the text"
                            : "nothing reached bob's UDP socket", evidence);
        }
    }

    /** C-DM-RECEIVE. */
    static final class Receives extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.required("C-DM-RECEIVE",
                    "A direct message that arrives over UDP is shown with the sender's name, found from its address in "
                            + "the server's map.",
                    "msg, address = UDP_SOCKET.recvfrom(...) / sending_client = get_name_from_ip_address(ip_address) / "
                            + "print (f\"Incoming msg (P2P) from {sending_client}:{msg.decode('utf-8')}\")",
                    "Milestone 2 skeleton, receive_udp");

        Receives() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            Optional<String> line = Printed.lineWith(seen.receivePrinted(), FROM_BOB.strip());
            if (line.isPresent() && line.get().contains("bob")) {
                return Verdict.pass("the client printed " + Show.text(line.get()));
            }
            return Verdict.fail("a line with bob's name and " + Show.text(FROM_BOB.strip()) + " (the lab prints "
                    + Show.text("Incoming msg (P2P) from bob:" + FROM_BOB) + ")",
                    line.map(l -> "the message without bob's name: " + Show.text(l))
                            .orElse("the client showed nothing of the datagram bob sent from " + seen.bobAddress() + ":"
                                    + seen.udpPort() + " to " + seen.clientAddress() + ":" + seen.udpPort()),
                    List.of(Evidence.of("the client printed: " + Printed.lines(seen.receivePrinted())),
                            Evidence.of("  the lab's client binds its UDP socket to its own address and port "
                                    + seen.udpPort() + " (CLIENT_IP, PORT)")));
        }
    }

    /** C-DM-FORMAT. */
    static final class LabBytes extends RuleBase<Seen> {
        static final RuleInfo INFO = RuleInfo.advice("C-DM-FORMAT",
                    "The datagram is what the lab's client sends: everything after the first ':' of the typed line "
                            + "(leading space kept), from the client's own UDP socket on the lab's port.",
                    "temp = usr_input.split(':') / msg=':'.join(temp[1:]) / UDP_SOCKET.bind((CLIENT_IP, PORT))",
                    "Milestone 2 skeleton, send");

        LabBytes() {
            super(INFO);
        }

        @Override
        public Verdict judge(Seen seen) {
            if (seen.arrivals().isEmpty()) {
                return Verdict.notApplicable("no datagram arrived to look at (see C-DM-SEND)");
            }
            DirectSocket.Datagram d = seen.arrivals().get(0).datagram();
            String expected = " " + TEXT;
            List<String> wrong = new ArrayList<>();
            if (!text(seen.arrivals().get(0)).equals(expected)) {
                wrong.add("its bytes were " + Show.bytes(d.payload()) + ", the lab's client sends " + Show.text(expected));
            }
            if (d.fromPort() != seen.udpPort()) {
                wrong.add("it came from port " + d.fromPort() + ", not from the client's UDP socket on port "
                        + seen.udpPort());
            }
            if (wrong.isEmpty()) {
                return Verdict.pass(Show.bytes(d.payload()) + " from port " + d.fromPort());
            }
            return Verdict.fail(Show.text(expected) + " from " + seen.clientAddress() + ":" + seen.udpPort(),
                    String.join("; ", wrong), List.of());
        }
    }

    static String text(Arrival a) {
        return new String(a.datagram().payload(), StandardCharsets.UTF_8);
    }
}
