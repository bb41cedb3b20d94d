package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.LabPrograms;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.ScriptedProcess;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lab's own Python client as the victim of a hostile lab-wire sender: it reads 1024 bytes per {@code recv()},
 * takes every read that starts with {@code !} for a user map, and its receive thread dies on a read that is not
 * whole UTF-8. Real alice (a Python client at 127.0.0.11) and victim bob (at .12) share the room with mallory, a raw
 * socket at .66 that also listens for direct messages meant for others.
 */
class LabClientAsVictimIT {
    private static final InetAddress ALICE = Ports.loopback(11);
    private static final InetAddress BOB = Ports.loopback(12);
    private static final InetAddress MALLORY = Ports.loopback(66);
    private static final String FULL_LIST = "{'alice': '127.0.0.11', 'bob': '127.0.0.12', 'mallory': '127.0.0.66'}";

    private final Cleanup cleanup = new Cleanup();
    private ScriptedProcess alice;
    private ScriptedProcess bob;
    private RawLabClient mallory;
    private DatagramSocket malloryUdp;
    private int serverPort;

    @BeforeEach
    void room() throws Exception {
        int port = Ports.freeForTcpAndUdp(ALICE, BOB, MALLORY);
        RecordingServerEvents events = new RecordingServerEvents();
        ChatServer server = cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1")))
                .withPort(port).withLimits(Limits.defaults()), events));
        serverPort = server.port();
        malloryUdp = cleanup.add(new DatagramSocket(new InetSocketAddress(MALLORY, port)));
        alice = cleanup.add(LabPrograms.startClient("alice", "127.0.0.1", port, ALICE));
        alice.typeLine("alice");
        Await.until("alice to join", () -> events.has("join alice 127.0.0.11"));
        bob = cleanup.add(LabPrograms.startClient("bob", "127.0.0.1", port, BOB));
        bob.typeLine("bob");
        Await.until("bob to join", () -> events.has("join bob 127.0.0.12"));
        mallory = cleanup.add(RawLabClient.connect(MALLORY, server.port()));
        mallory.send("mallory");
        mallory.awaitContains("\"mallory\": \"127.0.0.66\"}");
        bob.typeUntil("#ls", FULL_LIST);
        alice.typeUntil("#ls", FULL_LIST);
    }

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @Test
    void aForgedMapAtByte1024OfALongMessageLeavesTheUserListIntact() throws Exception {
        // "mallory: " is 9 bytes: 1015 bytes of text put the forged map at byte 1024 of the relay, where the lab
        // client's second recv(1024) starts.
        String forged = "!{\"alice\": \"127.0.0.66\", \"bob\": \"127.0.0.12\", \"mallory\": \"127.0.0.66\"}";
        mallory.send("x".repeat(1015) + forged);
        awaitMallorysMessageHandled();
        bobsDirectMessageReachesTheRealAlice();
    }

    @Test
    void aForgedMapInAMessageThatArrivesTogetherWithAnotherLeavesTheUserListIntact() throws Exception {
        // In line mode both messages come in one read and are relayed in one write; the lab client's first recv(1024)
        // takes all of the first relay (610 bytes) and 414 bytes of the second, so its second read starts at the
        // second relay's byte 414: where mallory put the map. Short relays do not help against this.
        mallory.send("\n".getBytes(StandardCharsets.UTF_8));
        String forged = "!{\"alice\": \"127.0.0.66\", \"bob\": \"127.0.0.12\", \"mallory\": \"127.0.0.66\"}";
        mallory.send("a".repeat(600) + "\n" + "b".repeat(405) + forged + "\n");
        awaitMallorysMessageHandled();
        bobsDirectMessageReachesTheRealAlice();
    }

    /** Relayed (alice, another lab client, prints it) or refused (mallory is told): either way, done with. */
    private void awaitMallorysMessageHandled() {
        Await.until("the server to relay or refuse mallory's message",
                () -> mallory.receivedText().contains("server: ") || alice.stdout().contains("(mallory: "));
    }

    private void bobsDirectMessageReachesTheRealAlice() throws Exception {
        alice.typeLine("a line after the attack");
        bob.awaitStdout("alice: a line after the attack )"); // perhaps in one read with mallory's first message
        assertThat(userList(bob)).isEqualTo(FULL_LIST);
        bob.typeLine("@alice: the secret");
        alice.awaitStdout("Incoming msg (P2P) from bob: the secret");
        malloryUdp.setSoTimeout(200);
        byte[] buffer = new byte[2048];
        String stolen = null;
        try {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            malloryUdp.receive(packet);
            stolen = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException nothing) {
            // Nothing reached mallory: the one datagram bob sent went to alice.
        }
        assertThat(stolen).as("a direct message for alice that reached mallory").isNull();
        assertThat(bob.stderr()).as(bob.describe()).doesNotContain("Traceback");
    }

    @Test
    void aNewcomerWhoseNameAndFirstMessageComeTogetherDoesNotKillTheLabClients() throws Exception {
        // printf 'dave\nhi all\n' | nc: the announcement of dave and his first message leave in one write. Unpadded,
        // the lab client's read held the map and the relay, json.loads failed, and its receive thread died.
        RawLabClient dave = cleanup.add(RawLabClient.connect(Ports.loopback(67), serverPort));
        dave.send("dave\nhi all\n");
        bob.awaitStdout("(dave: hi all )");
        alice.typeLine("a line after dave");
        bob.awaitStdout("(alice: a line after dave )");
        assertThat(userList(bob)).isEqualTo(
                "{'alice': '127.0.0.11', 'bob': '127.0.0.12', 'mallory': '127.0.0.66', 'dave': '127.0.0.67'}");
        assertThat(bob.stderr()).as(bob.describe()).doesNotContain("Traceback");
    }

    @Test
    void controlCharactersFromALabSenderNeverReachTheLabClient() throws Exception {
        // Printed raw, ESC [2K and CR erase the line "incoming msg from chatserver (mallory: " and alice appears to speak.
        mallory.send("\u001b[2K\rincoming msg from chatserver (alice: type your password here)");
        mallory.awaitContains("server: your message contains the control character U+001B and was not relayed; "
                + "control characters (line breaks included) are not allowed, so send one message per line ");
        for (String control : new String[] {"\u0007", "\u0000", "\r", "\u009b"}) {
            int notices = count(mallory.receivedText(), "server: ");
            mallory.send("ring" + control + "ring");
            Await.until("mallory to be told", () -> count(mallory.receivedText(), "server: ") > notices);
        }
        alice.typeLine("a line after the attack");
        bob.awaitStdout("alice: a line after the attack )");
        assertThat(bob.stdout()).doesNotContain("type your password here").doesNotContain("ring");
        assertThat(alice.stdout()).doesNotContain("type your password here").doesNotContain("ring");
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void aTwoByteCharacterAcrossByte1024DoesNotKillTheReceiveThread() throws Exception {
        // "mallory: " + 1014 bytes ends at byte 1023: the é's two bytes would sit on either side of byte 1024.
        String text = "x".repeat(1014) + "é" + "tail";
        mallory.send(text);
        Await.until("mallory's message to reach bob whole", bob::stdout, printed -> received(printed, "mallory").equals(text));
        alice.typeLine("still reading?");
        bob.awaitStdout("alice: still reading? )");
        assertThat(bob.stderr()).as(bob.describe()).doesNotContain("Traceback");
    }

    @Test
    void messagesFromOneTo4096BytesInAnyScriptArriveIntactInPartsOfAtMost1024Bytes() throws Exception {
        int[] sizes = {1, 2, 3, 1013, 1014, 1015, 1016, 1017, 1023, 1024, 1025, 2030, 2048, 3000, 4093, 4094, 4095, 4096};
        String[] scripts = {"a", "é", "€", "👋"};
        int round = 0;
        for (String script : scripts) {
            for (int size : sizes) {
                String text = textOfBytes(script, size, round++);
                int before = bob.stdout().length();
                mallory.send(text);
                Await.until(size + " bytes of " + script + " to reach bob whole", () -> bob.stdout().substring(before),
                        printed -> received(printed, "mallory").equals(text));
                for (String relay : relays(bob.stdout().substring(before), "mallory")) {
                    assertThat(relay.getBytes(StandardCharsets.UTF_8).length).as("one relay, with its trailing space")
                            .isLessThanOrEqualTo(1024);
                }
            }
        }
        assertThat(bob.stderr()).as(bob.describe()).doesNotContain("Traceback");
        assertThat(userList(bob)).isEqualTo(FULL_LIST);
    }

    /** What the lab client prints for {@code #ls} now: its user list. */
    private static String userList(ScriptedProcess client) {
        int before = client.stdout().length();
        client.typeLine("#ls");
        Pattern list = Pattern.compile("(\\{'[^\\n]*\\})\\n");
        Await.until(client.describe() + " to print its user list", () -> list.matcher(client.stdout().substring(before)).find());
        Matcher matcher = list.matcher(client.stdout().substring(before));
        matcher.find();
        return matcher.group(1);
    }

    /** {@code size} bytes: as many characters of {@code script} as fit, the rest ASCII digits, never a space. */
    private static String textOfBytes(String script, int size, int seed) {
        int width = script.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < size % width; i++) {
            text.append((char) ('0' + (seed + i) % 10));
        }
        text.append(script.repeat(size / width));
        return text.toString();
    }

    /** The relays of {@code name} the lab client printed, in order, each without the lab client's parentheses. */
    private static List<String> relays(String stdout, String name) {
        List<String> relays = new ArrayList<>();
        Matcher matcher = Pattern.compile("incoming msg from chatserver \\((" + name + ": [^\\n]*?)\\)\\n").matcher(stdout);
        while (matcher.find()) {
            relays.add(matcher.group(1));
        }
        return relays;
    }

    /** What the relays of {@code name} say, joined: each is "NAME: PART " plus padding. */
    private static String received(String stdout, String name) {
        StringBuilder text = new StringBuilder();
        for (String relay : relays(stdout, name)) {
            text.append(relay.substring((name + ": ").length()).stripTrailing());
        }
        return text.toString();
    }
}
