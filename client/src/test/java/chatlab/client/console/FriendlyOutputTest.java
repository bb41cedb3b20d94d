package chatlab.client.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FriendlyOutputTest {
    private final List<String> lines = new ArrayList<>();
    private final FriendlyOutput output = new FriendlyOutput(line -> lines.add(line.toString()), false,
            Clock.fixed(Instant.parse("2026-11-25T12:34:56Z"), ZoneOffset.UTC));

    @Test
    void stampsRelaysAndDropsTheLabsTrailingSpace() {
        output.chatroom("alice: hello ");
        output.direct(Optional.of("bob"), "10.0.0.2", " psst");
        output.direct(Optional.empty(), "10.0.0.9", "who am i");
        assertThat(lines).containsExactly("12:34:56 alice: hello", "12:34:56 [direct] bob: psst",
                "12:34:56 [direct] Non-registered (10.0.0.9): who am i");
    }

    @Test
    void controlCharactersFromPeersCannotDriveTheTerminal() {
        output.chatroom("mallory: \u001b[2Jgotcha\u0007 ");
        assertThat(lines).containsExactly("12:34:56 mallory: ^[[2Jgotcha^G");
        assertThat(FriendlyOutput.safe("tab\tok\u009b")).isEqualTo("tab\tok\\u009b");
        assertThat(FriendlyOutput.safe("exe.\u202etxt")).isEqualTo("exe.\\u202etxt");
    }

    @Test
    void listsUsersWithAddresses() {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("alice", "10.0.0.1");
        users.put("bob", "10.0.0.2");
        output.listUsers(users);
        output.listUsers(null);
        assertThat(lines).containsExactly("12:34:56 2 users:", "  alice  10.0.0.1", "  bob  10.0.0.2",
                "12:34:56 the server has not sent the user list yet");
    }
}
