package chatlab.client.console;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.client.HistoryPage;
import chatlab.client.RoomRow;
import chatlab.client.RoomTexts;
import chatlab.client.RoomTopic;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.Wire;
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

    @Test
    void linesOfARoomAreLabelledWithItAfterTheTime() {
        output.inRoom("#dev").message("alice", "hi", false);
        output.inRoom("#dev").acknowledged("me", "yo", false, 3, false);
        output.inRoom("#ops").joined("bob", "10.0.0.2");
        output.inRoom(null).message("carol", "no label", false);
        assertThat(lines).containsExactly("12:34:56 #dev alice: hi", "12:34:56 #dev me: yo \u2713",
                "12:34:56 #ops * bob joined from 10.0.0.2", "12:34:56 carol: no label");
    }

    @Test
    void aRoomsLabelHasItsOwnColour() {
        List<String> coloured = new ArrayList<>();
        FriendlyOutput withColour = new FriendlyOutput(line -> coloured.add(line.toAnsi()), true,
                Clock.fixed(Instant.parse("2026-11-25T12:34:56Z"), ZoneOffset.UTC));
        withColour.inRoom("#dev").message("alice", "hi", false);
        withColour.inRoom("#DEV").message("alice", "again", false);
        String label = new org.jline.utils.AttributedString("#dev", FriendlyOutput.roomColour("#dev")).toAnsi();
        String escape = label.substring(0, label.indexOf('#'));
        assertThat(escape).startsWith("\u001b[");
        // One room, however it is spelled, keeps one colour.
        assertThat(coloured.get(0)).contains(escape + "#dev");
        assertThat(coloured.get(1)).contains(escape + "#DEV");
        assertThat(coloured.get(0).replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo("12:34:56 #dev alice: hi");
    }

    @Test
    void roomsTheirTopicsAndTheListAreSpelledOut() {
        output.roomEntered("#dev", Map.of("alice", "10.0.0.1"), new RoomTopic("release friday", "bob",
                Instant.parse("2026-11-25T10:00:00Z")));
        output.topic("#dev", new RoomTopic("", "bob", Instant.EPOCH), true);
        output.topic("#dev", RoomTopic.NONE, false);
        output.roomParted("#dev");
        output.roomList(List.of(new RoomRow("#general", 3, "", true, false), new RoomRow("#dev", 1, "t", true, true),
                new RoomRow("#ops", 0, "", false, false)));
        assertThat(lines).containsExactly("12:34:56 you joined #dev; 1 user here: alice",
                "12:34:56 topic of #dev: release friday (set by bob at 10:00:00)",
                "12:34:56 bob cleared the topic of #dev",
                "12:34:56 #dev has no topic; /topic TEXT sets one",
                "12:34:56 you left #dev",
                "12:34:56 3 rooms:", "+ #general  3 members", "* #dev  1 member  t", "  #ops  0 members",
                RoomTexts.ROW_MARKS);
    }

    @Test
    void historyIsMarkedAndStampedWithWhenItWasSaid() {
        HistoryPage page = new HistoryPage("#dev", HistoryPage.Kind.JOIN, null, List.of(
                new ServerMessage.Message("alice", "yesterday's", 1, Instant.parse("2026-11-24T09:15:00Z"), "a1", false,
                        Wire.V2, "#dev", true),
                new ServerMessage.Message("bob", "waves", 2, Instant.parse("2026-11-25T08:00:01Z"), null, true,
                        Wire.LAB, "#dev", true)), true);
        output.inRoom("#dev").historyPage(page);
        output.historyPage(new HistoryPage("#dev", HistoryPage.Kind.SEARCH, "zürich", List.of(), false));
        assertThat(lines).containsExactly("12:34:56 #dev earlier in #dev (2 messages; /history for older):",
                "2026-11-24 09:15 #dev (history) alice: yesterday's",
                "08:00:01 #dev (history) * bob waves",
                "12:34:56 no message in #dev matches \"zürich\"");
    }

    @Test
    void theHelpNamesTheRoomsCommandsAndKeys() {
        output.help();
        assertThat(String.join("\n", lines)).contains("/join #ROOM", "/part [#ROOM]", "/switch #ROOM",
                "Alt-Right, Alt-Left (or Ctrl-X n, Ctrl-X p)", "/rooms", "/topic [TEXT]", "/history [N]", "/search TEXT");
    }
}
