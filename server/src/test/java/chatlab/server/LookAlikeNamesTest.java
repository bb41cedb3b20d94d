package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.RawLineClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Without any accounts (--auth off), nobody can pass for someone in the room: a name that reads the same as a
 * member's is refused on both wires, and invisible and reserved names in any width or look-alike are refused.
 */
class LookAlikeNamesTest {
    /** Each reads as "alice": ZWJ, Cyrillic a, capitals, e with acute, full width, digit one for l, Greek alpha. */
    private static final List<String> LOOK_ALIKES = List.of("alice\u200d", "\u0430lice", "ALICE", "alic\u00e9",
            "\uff41\uff4c\uff49\uff43\uff45", "a1ice", "\u03b1lice", "alice\u3164");

    private ServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(Limits.defaults());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aNameThatReadsLikeAMembersIsRefusedOnTheLabWire() throws Exception {
        RawLabClient alice = fixture.connect(11);
        alice.send("alice");
        alice.awaitReceived(RawLabClient.paddedMap("!{\"alice\": \"127.0.0.11\"}"));
        for (String lookAlike : LOOK_ALIKES) {
            try (RawLabClient impostor = fixture.connect(12)) {
                impostor.send(lookAlike);
                impostor.awaitClosedByServer();
                assertThat(impostor.receivedText()).as(lookAlike).isEqualTo("server: cannot register: the name \""
                        + lookAlike + "\" reads the same as \"alice\", who is in the room; reconnect with another name ");
            }
        }
        RawLabClient bob = fixture.connect(13);
        bob.send("bob");
        bob.awaitReceived(RawLabClient.paddedMap("!{\"alice\": \"127.0.0.11\", \"bob\": \"127.0.0.13\"}"));
        // bob's map comes at once, alice's with the announcement that follows: nothing of the impostors in between.
        alice.awaitReceived(RawLabClient.paddedMap("!{\"alice\": \"127.0.0.11\"}")
                + RawLabClient.paddedMap("!{\"alice\": \"127.0.0.11\", \"bob\": \"127.0.0.13\"}"));

        alice.close();
        bob.awaitEndsWith(RawLabClient.paddedMap("!{\"bob\": \"127.0.0.13\"}"));
        RawLabClient capitals = fixture.connect(14);
        capitals.send("ALICE");
        // alice left: the name is free in any form
        capitals.awaitEndsWith(RawLabClient.paddedMap("!{\"bob\": \"127.0.0.13\", \"ALICE\": \"127.0.0.14\"}"));
    }

    @Test
    void aNameThatReadsLikeAMembersIsRefusedOnV2Too() throws Exception {
        RawLabClient alice = fixture.connect(21);
        alice.send("alice");
        alice.awaitReceived(RawLabClient.paddedMap("!{\"alice\": \"127.0.0.21\"}"));
        try (RawLineClient impostor = RawLineClient.connect(Ports.loopback(22), fixture.server.port())) {
            impostor.sendLine("{\"type\":\"hello\",\"version\":2,\"name\":\"\u0430lice\",\"client\":\"test\",\"udp_port\":7000}");
            String error = impostor.awaitLineContaining("\"type\":\"error\"");
            assertThat(error).contains("\"code\":\"name_taken\"").contains("reads the same as \\\"alice\\\", who is in the room");
            impostor.awaitClosedByServer();
        }
    }

    @Test
    void invisibleAndReservedLookAlikeNamesAreRefused() throws Exception {
        String[][] cases = {
            {"\u200d", "server: cannot register: the name has no visible characters; reconnect with another name "},
            {"\u3164", "server: cannot register: the name has no visible characters; reconnect with another name "},
            {"\uff33\uff25\uff32\uff36\uff25\uff32", "server: cannot register: the name \"\uff33\uff25\uff32\uff36\uff25\uff32\" is reserved; reconnect with another name "},
            {"\u0455erver", "server: cannot register: the name \"\u0455erver\" is reserved; reconnect with another name "},
        };
        for (String[] refused : cases) {
            try (RawLabClient client = fixture.connect(31)) {
                client.send(refused[0]);
                client.awaitClosedByServer();
                assertThat(client.receivedText()).as(refused[0]).isEqualTo(refused[1]);
            }
        }
        assertThat(fixture.events.lines()).noneMatch(line -> line.startsWith("join"));
    }
}
