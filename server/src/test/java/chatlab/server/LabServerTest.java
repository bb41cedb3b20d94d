package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.testkit.Await;
import chatlab.testkit.RawLabClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lab wire as the Python server speaks it, and every bad input the issue lists, byte for byte. */
class LabServerTest {
    private static final String ALICE_MAP = RawLabClient.paddedMap("!{\"alice\": \"127.0.0.11\"}");
    private static final String BOTH_MAP = RawLabClient.paddedMap("!{\"alice\": \"127.0.0.11\", \"b\\u00f8b\": \"127.0.0.12\"}");

    private ServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(Limits.defaults().withMaxMessageBytes(64));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** alice at .11, registered and holding her own map. */
    private static RawLabClient aliceAlone(ServerFixture server) throws Exception {
        RawLabClient alice = server.connect(11);
        alice.send("alice");
        alice.awaitReceived(ALICE_MAP);
        return alice;
    }

    /** alice at .11 and bøb at .12, both registered and both holding the two-user map. */
    private RawLabClient[] aliceAndBob() throws Exception {
        RawLabClient alice = aliceAlone(fixture);
        RawLabClient bob = fixture.connect(12);
        bob.send("bøb");
        bob.awaitReceived(BOTH_MAP);
        alice.awaitReceived(ALICE_MAP + BOTH_MAP);
        return new RawLabClient[] {alice, bob};
    }

    @Test
    void relaysToEveryoneElseInTheLabsExactFormatAndSendsTheMapOnEveryChange() throws Exception {
        RawLabClient[] clients = aliceAndBob();
        RawLabClient alice = clients[0];
        RawLabClient bob = clients[1];

        alice.send("hello, wörld");
        bob.awaitReceived(BOTH_MAP + "alice: hello, wörld ");

        bob.close();
        alice.awaitReceived(ALICE_MAP + BOTH_MAP + ALICE_MAP);
        Await.until("the leave to be logged", () -> fixture.events.has("leave bøb: closed by the client"));
        assertThat(fixture.events.lines()).contains("join alice 127.0.0.11", "join bøb 127.0.0.12");
        alice.close();
    }

    @Test
    void newlinesSplitAReadIntoSeveralMessagesSoNcAndScriptsWork() throws Exception {
        RawLabClient[] clients = aliceAndBob();
        clients[0].send("one\r\ntwo\n\nthree\n");
        clients[1].awaitReceived(BOTH_MAP + "alice: one alice: two alice: three ");
    }

    @Test
    void aNameAndMessagesInTheFirstReadAreRegisteredThenRelayed() throws Exception {
        RawLabClient alice = fixture.connect(11);
        alice.send("alice");
        alice.awaitReceived(ALICE_MAP);
        RawLabClient bob = fixture.connect(12);
        bob.send("bøb\nfirst words\n");
        alice.awaitReceived(ALICE_MAP + BOTH_MAP + "bøb: first words ");
    }

    @Test
    void aCharacterSplitAcrossReadsIsRelayedWhole() throws Exception {
        RawLabClient[] clients = aliceAndBob();
        byte[] wave = "👋 hi".getBytes(StandardCharsets.UTF_8);
        clients[0].send(java.util.Arrays.copyOfRange(wave, 0, 2));
        clients[0].awaitReadByServer(); // the server's first read ends inside the character
        clients[0].send(java.util.Arrays.copyOfRange(wave, 2, wave.length));
        clients[1].awaitReceived(BOTH_MAP + "alice: 👋 hi ");
    }

    @Test
    void inLineModeALineWithoutItsNewlineIsSentAfterAPause() throws Exception {
        RawLabClient[] clients = aliceAndBob();
        clients[0].send("first\n");
        clients[1].awaitEndsWith("alice: first ");
        clients[0].send("no newline here");
        clients[1].awaitEndsWith("alice: no newline here ");
        clients[0].send("then a ");
        clients[0].send("line in two sends\n");
        clients[1].awaitEndsWith("alice: then a line in two sends ");
    }

    @Test
    void namesThatLeaveAndComeBackAtOnceFromTheSameAddressesStillGetTheirMap() throws Exception {
        RawLabClient[] clients = aliceAndBob();
        clients[0].close();
        clients[1].close();
        // The same names from the same addresses within one presence window: the map is what it was, yet these
        // connections have never had it.
        RawLabClient alice = fixture.connect(11);
        alice.send("alice");
        RawLabClient bob = fixture.connect(12);
        bob.send("bøb");
        alice.awaitEndsWith(BOTH_MAP);
        bob.awaitEndsWith(BOTH_MAP);
        alice.send("back");
        bob.awaitEndsWith("alice: back ");
    }

    @Test
    void newcomersWhoSpeakBeforeTheBudgetAllowsAnAnnouncementWaitForOneSharedMap() throws Exception {
        // 800 bytes per second: alice's own map (1024 bytes, padded) spends the budget for 1.3 s, and each newcomer's
        // own map for 1.3 s more, while three newcomers join and speak at once. Announcing each before its first
        // message would send alice three maps (one per newcomer, N cubed in a storm); instead their messages wait, and
        // one map names them all before any of them.
        try (ServerFixture budgeted = ServerFixture.withTinyPresenceBudget()) {
            RawLabClient alice = aliceAlone(budgeted);
            RawLabClient bee = budgeted.connect(12);
            bee.send("bee\none\ntwo\n");
            RawLabClient cat = budgeted.connect(13);
            cat.send("cat\nmeow\n");
            RawLabClient dog = budgeted.connect(14);
            dog.send("dog\nwoof\n");
            alice.awaitContains("bee: one bee: two ");
            alice.awaitContains("cat: meow ");
            alice.awaitContains("dog: woof ");
            String after = alice.receivedText().substring(ALICE_MAP.length());
            assertThat(after).as("one map for all three newcomers").startsWith("!{").containsOnlyOnce("!{");
            String map = after.substring(0, after.indexOf('}') + 1);
            assertThat(map).contains("\"alice\"", "\"bee\"", "\"cat\"", "\"dog\"");
            for (RawLabClient client : List.of(alice, bee, cat, dog)) {
                client.close();
            }
        }
    }

    @Test
    void aHeldMessageIsNotPassedOffAsTheNextHolderOfItsSendersName() throws Exception {
        // bee speaks while the budget holds its first message, and leaves; another client takes the name "bee" from
        // another address before the announcement. Relayed then, "one" would reach alice as said by the new bee at
        // 127.0.0.13, and the new bee would get its predecessor's words as someone else's.
        try (ServerFixture budgeted = ServerFixture.withTinyPresenceBudget()) {
            RawLabClient alice = aliceAlone(budgeted);
            RawLabClient bee = budgeted.connect(12);
            bee.send("bee\none\n");
            bee.awaitReadByServer();
            Await.until("bee to join", () -> budgeted.events.lines().contains("join bee 127.0.0.12"));
            bee.close();
            Await.until("bee to leave", () -> budgeted.events.lines().stream().anyMatch(l -> l.startsWith("leave bee")));
            RawLabClient newBee = budgeted.connect(13);
            newBee.send("bee\ntwo\n");
            alice.awaitContains("bee: two ");
            assertThat(alice.receivedText()).as("the new bee's map first, then only its own words")
                    .matches("(?s).*\"bee\": \"127.0.0.13\"\\} *bee: two ").doesNotContain("one");
            assertThat(newBee.receivedText()).doesNotContain("one");
            alice.close();
            newBee.close();
        }
    }

    @Test
    void aLabClientOverItsRateIsSlowedNotRefusedAndNothingIsLost() throws Exception {
        try (ServerFixture paced = new ServerFixture(Limits.defaults().withMessagesPerSecond(10).withBurstMessages(5))) {
            RawLabClient fast = paced.connect(31);
            fast.send("fast\n"); // line mode: every line is a message, however the reads fall
            fast.awaitContains("\"fast\"");
            RawLabClient reader = paced.connect(32);
            reader.send("reader");
            reader.awaitContains("\"reader\"");
            long start = System.nanoTime();
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                burst.append("m").append(i).append('\n');
            }
            fast.send(burst.toString());
            reader.awaitEndsWith("fast: m29 ");
            double seconds = (System.nanoTime() - start) / 1e9;
            for (int i = 0; i < 30; i++) {
                assertThat(reader.receivedText()).contains("fast: m" + i + " ");
            }
            assertThat(fast.receivedText()).doesNotContain("too fast");
            // 5 at once, then 10 per second: the last 25 cannot arrive sooner than 2.5 s after the first.
            assertThat(seconds).isGreaterThanOrEqualTo(2.0);
        }
    }

    @Test
    void aLabClientThatClosesWhileSlowedStillHasEveryMessageRelayedBeforeItLeaves() throws Exception {
        try (ServerFixture paced = new ServerFixture(Limits.defaults().withMessagesPerSecond(20).withBurstMessages(5))) {
            RawLabClient fast = paced.connect(33);
            fast.send("fast\n");
            fast.awaitContains("\"fast\"");
            RawLabClient reader = paced.connect(34);
            reader.send("reader");
            reader.awaitContains("\"reader\"");
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                burst.append("m").append(i).append('\n');
            }
            // A script piped into nc: a burst over the rate, then the end of its input.
            fast.send(burst.toString());
            fast.close();
            reader.awaitContains("{\"reader\": \"127.0.0.34\"}"); // the map after fast left
            String got = reader.receivedText();
            for (int i = 0; i < 20; i++) {
                assertThat(got).contains("fast: m" + i + " ");
            }
            assertThat(got.indexOf("fast: m19 ")).isLessThan(got.lastIndexOf("!{\"reader\""));
        }
    }

    @Test
    void aClientThatSendsBadInputAndNeverReadsIsCutOffBeforeTheServerGrows() throws Exception {
        RawLabClient[] clients = aliceAndBob();
        RawLabClient mallory = RawLabClient.connect(chatlab.testkit.Ports.loopback(66),
                java.net.InetAddress.getLoopbackAddress(), fixture.server.port(), 4096);
        mallory.send("mallory\n");
        mallory.awaitContains("\"mallory\"");
        mallory.stopReading();
        byte[] junk = new byte[64 * 1024];
        for (int i = 0; i < junk.length; i += 2) {
            junk[i] = (byte) 0xff;
            junk[i + 1] = '\n';
        }
        for (int i = 0; i < 40 && !mallory.closedByServer(); i++) {
            try {
                mallory.send(junk);
            } catch (java.io.IOException closed) {
                break;
            }
        }
        Await.until("mallory to be cut off", () -> fixture.events.lines().stream().anyMatch(l -> l.startsWith("leave mallory: ")));
        assertThat(fixture.events.lines().stream().filter(l -> l.startsWith("refused: "))).hasSizeLessThan(60);
        clients[0].send("still fine");
        clients[1].awaitEndsWith("alice: still fine ");
    }

    @Test
    void aTakenNameGetsOneLineAndTheRoomNeverSeesIt() throws Exception {
        RawLabClient[] clients = aliceAndBob();
        RawLabClient impostor = fixture.connect(13);
        impostor.send("alice");
        impostor.awaitClosedByServer();
        assertThat(impostor.receivedText())
                .isEqualTo("server: cannot register: the name \"alice\" is taken; reconnect with another name ");
        clients[0].send("still here");
        clients[1].awaitReceived(BOTH_MAP + "alice: still here ");
        assertThat(clients[0].receivedText()).isEqualTo(ALICE_MAP + BOTH_MAP);
    }

    @Test
    void anInvalidNameGetsOneLineOfExplanationAndIsClosed() throws Exception {
        RawLabClient client = fixture.connect(13);
        client.send("@everyone");
        client.awaitClosedByServer();
        assertThat(client.receivedText())
                .isEqualTo("server: cannot register: the name may not begin with '@'; reconnect with another name ");
        Await.until("the refusal to be logged",
                () -> fixture.events.has("disconnect: invalid name: the name may not begin with '@'"));
    }

    @Test
    void invalidUtf8IsNeverRelayedAndTheSenderIsTold() throws Exception {
        RawLabClient[] clients = aliceAndBob();
        clients[0].send(new byte[] {'b', 'a', 'd', (byte) 0xc3, (byte) 0x28});
        clients[0].awaitEndsWith("server: your message (5 bytes) is not valid UTF-8 and was not relayed ");
        clients[0].send("good");
        clients[1].awaitReceived(BOTH_MAP + "alice: good ");
    }

    @Test
    void aMessageOverTheLimitIsRefusedWithAClearLine() throws Exception {
        RawLabClient[] clients = aliceAndBob();
        clients[0].send("x".repeat(100));
        clients[0].awaitEndsWith("server: your message of 100 bytes is over the limit of 64 bytes and was not relayed ");
        clients[0].send("y".repeat(64));
        clients[1].awaitReceived(BOTH_MAP + "alice: " + "y".repeat(64) + " ");
    }

    @Test
    void aFirstMessageOverTheLimitIsRefusedByTheNameLimitInCharacters() throws Exception {
        // 64-byte messages, 32-character names: a first message is refused as too long only past 4 x 32 bytes, when
        // it cannot be a name of 32 characters whatever they are.
        RawLabClient client = fixture.connect(13);
        client.send("n".repeat(65_536));
        client.awaitClosedByServer();
        assertThat(client.receivedText()).isEqualTo(
                "server: cannot register: the name is longer than the limit of 32 characters; reconnect with another name ");
        RawLabClient emoji = fixture.connect(14);
        emoji.send("👋".repeat(20)); // 80 bytes, over the message limit, yet 20 characters: a name
        emoji.awaitReceived(RawLabClient.paddedMap("!{\"" + "\\ud83d\\udc4b".repeat(20) + "\": \"127.0.0.14\"}"));
    }

    @Test
    void controlCharactersAndMapMarkersFromALabSenderAreRefusedWithANoticeAndNeverRelayed() throws Exception {
        RawLabClient[] clients = aliceAndBob();
        String[][] refused = {
            {"\u001b[2K\rincoming msg from chatserver (bøb: hi)", "server: your message contains the control "
                    + "character U+001B and was not relayed; control characters (line breaks included) are not "
                    + "allowed, so send one message per line "},
            {"bell\u0007", "server: your message contains the control character U+0007 and was not relayed; control "
                    + "characters (line breaks included) are not allowed, so send one message per line "},
            {"x! \t{\"bøb\": \"127.0.0.66\"}", "server: your message contains \"!\" followed by \"{\", which the "
                    + "lab's client could take for its list of users, and was not relayed "},
        };
        for (String[] message : refused) {
            clients[0].send(message[0]);
            clients[0].awaitEndsWith(message[1]);
        }
        clients[0].send("{braces} and !bangs are fine, apart");
        clients[1].awaitReceived(BOTH_MAP + "alice: {braces} and !bangs are fine, apart ");
    }

    @Test
    void aLongRelayReachesLabClientsInPartsOfAtMost1024BytesCutBetweenCharacters() throws Exception {
        fixture.close();
        fixture = new ServerFixture(Limits.defaults());
        RawLabClient[] clients = aliceAndBob();
        String text = "é".repeat(600); // 1200 bytes: "alice: " + 1016 bytes + " ", then "alice: " + 184 bytes + " "
        clients[0].send(text);
        String first = "alice: " + "é".repeat(508) + " ";
        String second = "alice: " + "é".repeat(92) + " ";
        clients[1].awaitReceived(BOTH_MAP + first + second);
        assertThat(first.getBytes(StandardCharsets.UTF_8)).hasSize(1024);
    }

    @Test
    void aLineOverTheLimitIsRefusedAsSoonAsItPassesTheLimitAndAPauseEndsIt() throws Exception {
        RawLabClient[] clients = aliceAndBob();
        clients[0].send("line mode\n");
        clients[1].awaitEndsWith("alice: line mode ");
        clients[0].send("x".repeat(100)); // no newline, and none coming
        clients[0].awaitEndsWith("server: your message is over the limit of 64 bytes and was not relayed; the rest of "
                + "the line is discarded up to its newline (or a pause of 200 ms) ");
        clients[0].send("x".repeat(100)); // still the same line: discarded, not told again
        // The case: a valid message 1.3 s later, without the newline the long line never got. The pause
        // rule (200 ms) ended the long line, so this is a new message.
        Thread.sleep(1_300);
        clients[0].send("valid\n");
        clients[1].awaitEndsWith("alice: line mode alice: valid ");
        assertThat(clients[0].receivedText().split("server: ", -1)).as("one notice").hasSize(2);
    }

    @Test
    void aClientThatKeepsSendingAnEndlessLineIsDisconnectedWithAReason() throws Exception {
        fixture.close();
        fixture = new ServerFixture(Limits.defaults().withMaxDiscardBytes(256 * 1024));
        RawLabClient[] clients = aliceAndBob();
        sendAnEndlessLine(clients);
        assertThat(clients[0].receivedText()).endsWith(
                "server: you sent more than 262144 bytes without a newline; closing the connection ");
        Await.until("the reason to be logged", () -> fixture.events.lines().stream()
                .anyMatch(l -> l.matches("leave alice: sent \\d+ bytes without a newline \\(limit 262144\\)")));
    }

    @Test
    void theDefaultDiscardLimitStopsAnEndlessLine() throws Exception {
        RawLabClient[] clients = aliceAndBob();
        sendAnEndlessLine(clients);
        assertThat(clients[0].receivedText()).endsWith("server: you sent more than " + Limits.DEFAULT_MAX_DISCARD_BYTES
                + " bytes without a newline; closing the connection ");
    }

    /** alice goes into line mode, then sends one line without end (at most 64 MiB) until the server closes. */
    private static void sendAnEndlessLine(RawLabClient[] clients) throws Exception {
        clients[0].send("line mode\n");
        clients[1].awaitEndsWith("alice: line mode ");
        byte[] chunk = "z".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 1024 && !clients[0].closedByServer(); i++) {
            try {
                clients[0].send(chunk);
            } catch (java.io.IOException closed) {
                break;
            }
        }
        clients[0].awaitClosedByServer();
    }

    @Test
    void aClientThatVanishesMidMessageIsRemovedAndTheRoomIsTold() throws Exception {
        RawLabClient[] clients = aliceAndBob();
        clients[1].send(new byte[] {'h', 'a', (byte) 0xf0, (byte) 0x9f}); // cut inside a character
        clients[1].vanish();
        clients[0].awaitReceived(ALICE_MAP + BOTH_MAP + ALICE_MAP);
        Await.until("the leave to be logged with a reason",
                () -> fixture.events.lines().stream().anyMatch(l -> l.startsWith("leave bøb: ")));
    }

    @Test
    void aHalfCloseIsALeave() throws Exception {
        RawLabClient[] clients = aliceAndBob();
        clients[1].shutdownOutput();
        clients[0].awaitReceived(ALICE_MAP + BOTH_MAP + ALICE_MAP);
    }

    @Test
    void shutdownTellsEveryClientAndClosesThem() throws Exception {
        RawLabClient[] clients = aliceAndBob();
        RawLabClient unnamed = fixture.connect(13);
        Await.until("the unnamed connection to be accepted", () -> fixture.server.openConnections() == 3);
        fixture.close();
        for (RawLabClient client : clients) {
            client.awaitClosedByServer();
            assertThat(client.receivedText()).endsWith("server: the server is shutting down; goodbye ");
        }
        unnamed.awaitClosedByServer();
        // The log names each connection once, with the reason: a leave for a user, a disconnect for the unnamed one.
        Await.until("every connection's end to be logged", () -> fixture.events.lines().stream()
                .filter(l -> l.endsWith("the server shut down")).count() >= 3);
        assertThat(fixture.events.lines().stream().filter(l -> l.endsWith("the server shut down")))
                .containsExactlyInAnyOrder("leave alice: the server shut down", "leave bøb: the server shut down",
                        "disconnect: the server shut down");
    }

    @Test
    void anUnregisteredClientIsDroppedAfterTheRegistrationTimeout() throws Exception {
        fixture.close();
        fixture = new ServerFixture(Limits.defaults().withRegistrationTimeout(Duration.ofMillis(300)));
        RawLabClient silent = fixture.connect(14);
        silent.awaitClosedByServer();
        assertThat(silent.receivedText()).isEqualTo("server: no name received within 300 ms; closing the connection ");
        Await.until("the timeout to be logged", () -> fixture.events.has("disconnect: no name within 300 ms"));
    }

    @Test
    void theDefaultWildcardServesIpv4ClientsWithTheirPlainIpv4Address() throws Exception {
        fixture.close();
        ChatServer wildcard = ChatServer.start(ServerConfig.defaults().withPort(0), ServerEvents.NONE);
        try (RawLabClient client = RawLabClient.connect(chatlab.testkit.Ports.loopback(11),
                java.net.InetAddress.getByName("127.0.0.1"), wildcard.port(), 0)) {
            client.send("four");
            client.awaitReceived(RawLabClient.paddedMap("!{\"four\": \"127.0.0.11\"}"));
        } finally {
            wildcard.close();
        }
        fixture = new ServerFixture(Limits.defaults());
    }

    @Test
    void ipv6ClientsAppearWithTheirCompressedAddress() throws Exception {
        java.net.InetAddress v6 = java.net.InetAddress.getByName("::1");
        ChatServer server;
        try {
            server = ChatServer.start(ServerConfig.defaults().withBindAddresses(java.util.List.of(v6)).withPort(0),
                    ServerEvents.NONE);
        } catch (java.io.IOException noIpv6) {
            throw new AssertionError("this machine has no IPv6 loopback; chatlab's IPv6 support cannot be checked", noIpv6);
        }
        try (RawLabClient client = RawLabClient.connect(v6, v6, server.port(), 0)) {
            client.send("six");
            client.awaitReceived(RawLabClient.paddedMap("!{\"six\": \"::1\"}"));
        } finally {
            server.close();
        }
    }

    @Test
    void connectionsOverTheLimitAreToldTheServerIsFull() throws Exception {
        fixture.close();
        fixture = new ServerFixture(Limits.defaults().withMaxConnections(2));
        // Connections are set up on several event loops, so which of three simultaneous ones is the third varies.
        java.util.List<RawLabClient> clients = java.util.List.of(fixture.connect(11), fixture.connect(12), fixture.connect(13));
        Await.until("one of the three to be turned away", () -> clients.stream().filter(RawLabClient::closedByServer).count() == 1);
        RawLabClient refused = clients.stream().filter(RawLabClient::closedByServer).findFirst().orElseThrow();
        assertThat(refused.receivedText()).isEqualTo("server: the server is full (2 connections); try again later ");
        RawLabClient admitted = clients.stream().filter(c -> !c.closedByServer()).findFirst().orElseThrow();
        admitted.send("one");
        admitted.awaitContains("{\"one\": \"127.0.0.");
        for (RawLabClient client : clients) {
            client.close();
        }
    }
}
