package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLineClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/SECURITY.md, *A session takes its own name back*, and docs/LIMITS.md, *a hello's session*, on the real server:
 * a session is 22 to 128 characters of {@code A-Z a-z 0-9 _ -}; a hello with any other is {@code bad_field} and takes
 * nothing over (the name's holder is not disturbed), both bounds are accepted, and the secret itself is never logged
 * nor shown to anyone.
 */
class SessionRulesTest {
    private static final String RULE = "field \\\"session\\\" must be 22 to 128 characters of A-Z, a-z, 0-9, _ and -";
    private static final String LONGEST = "L0ng-s3ss10n_".repeat(10).substring(0, 128);
    private static final String SHORTEST = "sh0rt-s3ss10n_AAAAAAAA";

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private RawLineClient hello(ServerFixture fixture, int host, String name, String session) throws Exception {
        RawLineClient client = cleanup.add(RawLineClient.connect(Ports.loopback(host), fixture.server.port()));
        client.sendLine("{\"type\":\"hello\",\"version\":2,\"name\":\"" + name + "\",\"client\":\"test\",\"udp_port\":0"
                + (session == null ? "" : ",\"session\":\"" + session + "\"") + "}");
        return client;
    }

    @Test
    void aSessionOutsideTheRulesTakesNothingOverAndBothBoundsAreTaken() throws Exception {
        ServerFixture fixture = cleanup.add(new ServerFixture(Limits.defaults()));
        assertThat(SHORTEST).hasSize(22);
        assertThat(LONGEST).hasSize(128);
        RawLineClient alice = hello(fixture, 41, "alice", LONGEST);
        RawLineClient carol = hello(fixture, 42, "carol", SHORTEST);
        RawLineClient bob = hello(fixture, 43, "bob", null);
        for (RawLineClient client : List.of(alice, carol, bob)) {
            client.awaitLineContaining("\"type\":\"welcome\"");
        }

        // One character short, one too many, and the holder's own session with a character outside the alphabet
        // (a guesser trying forms of it): each is refused as a bad field, never as a take-over.
        List<String> bad = List.of(SHORTEST.substring(1), LONGEST + "A", LONGEST.substring(0, 127) + "+",
                SHORTEST.substring(0, 21) + "=");
        int host = 51;
        for (String session : bad) {
            RawLineClient thief = hello(fixture, host++, session.length() > 100 ? "alice" : "carol", session);
            assertThat(thief.awaitLineContaining("\"type\":\"error\"")).as(session)
                    .contains("\"code\":\"bad_field\"").contains(RULE);
            thief.sendLine("{\"type\":\"say\",\"id\":\"t\",\"text\":\"it is me\"}");
            assertThat(thief.awaitLineContaining("\"ref\":\"t\"")).contains("\"code\":\"not_registered\"");
        }
        // The holders were not disturbed: they still talk, and nobody heard the thieves.
        alice.sendLine("{\"type\":\"say\",\"id\":\"a1\",\"text\":\"still alice\"}");
        carol.sendLine("{\"type\":\"say\",\"id\":\"c1\",\"text\":\"still carol\"}");
        alice.awaitLineContaining("\"type\":\"ack\"");
        carol.awaitLineContaining("\"type\":\"ack\"");
        bob.awaitLineContaining("still alice");
        bob.awaitLineContaining("still carol");
        assertThat(alice.lines()).noneMatch(l -> l.contains("replaced"));
        assertThat(carol.lines()).noneMatch(l -> l.contains("replaced"));
        assertThat(bob.lines()).noneMatch(l -> l.contains("it is me"));

        // The longest and the shortest session are sessions: each takes its own name back.
        RawLineClient aliceBack = hello(fixture, 61, "alice", LONGEST);
        RawLineClient carolBack = hello(fixture, 62, "carol", SHORTEST);
        aliceBack.awaitLineContaining("\"type\":\"welcome\"");
        carolBack.awaitLineContaining("\"type\":\"welcome\"");
        assertThat(alice.awaitLineContaining("\"code\":\"replaced\"")).contains("\"fatal\":true");
        assertThat(carol.awaitLineContaining("\"code\":\"replaced\"")).contains("\"fatal\":true");
        alice.awaitClosedByServer();
        carol.awaitClosedByServer();
        bob.awaitLineContaining("127.0.0.62");

        // The secret is never written to the log nor sent to anyone (only its digest is kept).
        for (String session : List.of(LONGEST, SHORTEST)) {
            assertThat(fixture.events.lines()).noneMatch(l -> l.contains(session));
            assertThat(bob.lines()).noneMatch(l -> l.contains(session));
            assertThat(aliceBack.lines()).noneMatch(l -> l.contains(session));
        }
    }
}
