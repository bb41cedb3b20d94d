package chatlab.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpectationsTest {
    private static final LabHost C1 = LabNetwork.CLIENT1;
    private static final LabHost C2 = LabNetwork.CLIENT2;
    private static final LabHost C3 = LabNetwork.CLIENT3;

    @Test
    void chatroomDirectListAndUnknownRecipientInTheLabClientsWords() throws Exception {
        Scenario s = Scenario.parse("t", """
                0 client1 join alice
                1 client2 join bob
                2 client3 join carol
                3 client1 say hello, room
                4 client2 say @alice: psst: two colons
                5 client2 leave
                6 client3 say #ls
                7 client3 say @bob: gone?
                8 client1 say /help
                """);
        assertThat(Expectations.of(s)).extracting(Expectations.Expected::kind, Expectations.Expected::host,
                Expectations.Expected::text).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Expectations.Kind.CHATROOM, C2,
                                "incoming msg from chatserver (alice: hello, room )"),
                        org.assertj.core.groups.Tuple.tuple(Expectations.Kind.CHATROOM, C3,
                                "incoming msg from chatserver (alice: hello, room )"),
                        org.assertj.core.groups.Tuple.tuple(Expectations.Kind.DIRECT, C1,
                                "Incoming msg (P2P) from bob: psst: two colons"),
                        org.assertj.core.groups.Tuple.tuple(Expectations.Kind.LIST, C3,
                                "{'alice': '10.20.30.11', 'carol': '10.20.30.13'}"),
                        org.assertj.core.groups.Tuple.tuple(Expectations.Kind.NOT_REGISTERED, C3, "bob is not registered"));
    }

    @Test
    void aListMatchesInAnyOrderButOnlyWithTheSameUsers() {
        Expectations.Expected list = new Expectations.Expected(Expectations.Kind.LIST, C3, "",
                Map.of("alice", "10.20.30.11", "carol", "10.20.30.13"), 1);
        assertThat(list.matches("{'carol': '10.20.30.13', 'alice': '10.20.30.11'}")).isTrue();
        assertThat(list.matches("{'alice': '10.20.30.11'}")).isFalse();
        assertThat(list.matches("{'alice': '10.20.30.11', 'carol': '10.20.30.13', 'bob': '10.20.30.12'}")).isFalse();
    }

    @Test
    void eachOutputLineMeetsOneExpectationAndPromptsAreIgnored() throws Exception {
        Scenario s = Scenario.parse("t", """
                0 client1 join alice
                1 client2 join bob
                2 client1 say hi
                3 client1 say hi
                """);
        List<Expectations.Expected> expected = Expectations.of(s);
        String line = "incoming msg from chatserver (alice: hi )";
        assertThat(Expectations.missing(expected, Map.of(C2, List.of(">>" + line)))).hasSize(1);
        assertThat(Expectations.missing(expected, Map.of(C2,
                List.of("First enter your name to register it in the server: >" + line, line)))).isEmpty();
    }

    /** The lab client prints #ls with Python's repr, which escapes a no-break space in a name as \xa0. */
    @Test
    void aListMatchesPythonsReprOfEveryName() {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("o'neil", C1.ipv4());
        users.put("nbsp\u00a0bob", C2.ipv4());
        Expectations.Expected list = new Expectations.Expected(Expectations.Kind.LIST, C3, "", users, 1);
        assertThat(list.matches("{\"o'neil\": '10.20.30.11', 'nbsp\\xa0bob': '10.20.30.12'}")).isTrue();
        assertThat(list.matches("{\"o'neil\": '10.20.30.11', 'nbsp\u00a0bob': '10.20.30.12'}")).isFalse();
    }
}
