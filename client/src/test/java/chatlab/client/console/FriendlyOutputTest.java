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
                "12:34:56 [direct, UNVERIFIED from 10.0.0.9] who am i");
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

    @Test
    void everyOutputPathEscapesBidiOverridesAndLineSeparators() {
        String nasty = "a\u202Eb\u2028c\u2029d\u200Fe\u001b[2J";
        String shown = "a\\u202eb\\u2028c\\u2029d\\u200fe^[[2J";
        output.chatroom("mallory: " + nasty + " ");
        output.message("mallory", nasty, false);
        output.message("mallory", nasty, true);
        output.direct(Optional.of("mallory"), "10.0.0.9", nasty);
        output.direct(Optional.empty(), "10.0.0.9:4444", nasty);
        output.unverifiedDirect("mallory\u202E", "10.0.0.9:4444", nasty);
        output.info("the server said: " + nasty);
        output.problem(nasty);
        output.disconnected(nasty);
        output.joined("mallory" + nasty, "10.0.0.9");
        output.left("mallory" + nasty);
        output.acknowledged("alice", nasty, false, 1, false);
        output.sent("alice", nasty);
        output.directSent("bob", nasty);
        assertThat(lines).hasSize(14).allSatisfy(line -> {
            assertThat(line).contains(shown);
            assertThat(line.codePoints().filter(cp -> cp < 0x20 || cp == 0x2028 || cp == 0x2029
                    || Character.getType(cp) == Character.FORMAT)).isEmpty();
        });
    }

    @Test
    void ownMessagesShowAsOthersSeeThemAndAcknowledgedOnesAreMarked() {
        output.acknowledged("alice", "hello", false, 7, false);
        output.acknowledged("alice", "waves", true, 8, true);
        output.sent("alice", "on the lab wire");
        output.directSent("bob", " psst");
        assertThat(lines).containsExactly("12:34:56 alice: hello \u2713", "12:34:56 * alice waves \u2713",
                "12:34:56 alice: on the lab wire", "12:34:56 [direct to bob] psst");
    }
}
