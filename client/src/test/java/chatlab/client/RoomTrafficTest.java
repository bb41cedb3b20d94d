package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.RoomSummary;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RoomTrafficTest {
    private static final UserInfo ME = new UserInfo("me", "10.0.0.1", 4001, Wire.V2, Instant.EPOCH);
    private static final UserInfo ALICE = new UserInfo("alice", "10.0.0.2", 4002, Wire.V2, Instant.EPOCH);

    private final JoinedRooms rooms = new JoinedRooms(List.of("#a"));
    private final RecordingClientOutput out = new RecordingClientOutput();
    private final List<ClientMessage> sent = new ArrayList<>();
    private final AtomicBoolean connected = new AtomicBoolean(true);
    private final AtomicInteger answered = new AtomicInteger();
    private final RoomTraffic traffic = new RoomTraffic(rooms, out, message -> connected.get() && sent.add(message),
            answered::incrementAndGet, new ReplyGate());

    private void welcomed(boolean withRooms) {
        rooms.hello();
        rooms.welcomed(new ServerMessage.Welcome(2, "test", "me", "10.0.0.1",
                new ServerMessage.AnnouncedLimits(16384, 4096, 32, 20, 40, 30000, 90000), List.of(ME), null, "e0",
                false, withRooms ? List.of("rooms") : List.of(), withRooms ? "#general" : null), "me", 0);
    }

    private static ServerMessage.RoomState state(String room, String topic, UserInfo... users) {
        return new ServerMessage.RoomState(room, "e-" + room, topic, topic == null ? null : "alice",
                topic == null ? null : Instant.parse("2026-12-07T11:00:00Z"), List.of(users));
    }

    @Test
    void joiningShowsTheRoomAndMovesThePrompt() {
        welcomed(true);
        traffic.state(state("#a", null, ALICE));
        assertThat(out.lines()).containsExactly("entered #a [alice, me]", "current #a [#a]");
        assertThat(answered).hasValue(1);
        assertThat(traffic.command(new RoomInput.Join("#B"))).isTrue();
        assertThat(sent).containsExactly(new ClientMessage.Join("#B", null));
        traffic.state(state("#b", "release friday"));
        // In two rooms now: the line about #b is labelled with it.
        assertThat(out.lines()).contains("[#b] entered #b [me] topic [release friday]", "current #b [#a, #b]");
    }

    @Test
    void joiningARoomOneIsInOnlySwitches() {
        welcomed(true);
        traffic.state(state("#a", null));
        rooms.join("#b");
        traffic.state(state("#b", null));
        assertThat(traffic.command(new RoomInput.Join("#A"))).isTrue();
        assertThat(sent).isEmpty();
        assertThat(out.lines()).endsWith("info now talking in #a", "current #a [#a, #b]");
    }

    @Test
    void partingAsksTheServerAndTheConfirmationMovesToAnotherRoom() {
        welcomed(true);
        traffic.state(state("#a", null));
        rooms.join("#b");
        traffic.state(state("#b", null));
        assertThat(traffic.command(new RoomInput.Part(null))).isTrue();
        assertThat(sent).containsExactly(new ClientMessage.Part("#b"));
        traffic.parted("#b");
        assertThat(out.lines()).endsWith("parted #b", "info now talking in #a", "current #a [#a]");
        assertThat(traffic.command(new RoomInput.Part("#zzz"))).isFalse();
        assertThat(out.lines()).endsWith("problem you are not in #zzz; /join #zzz first");
    }

    @Test
    void whileTheServerIsAwayAPartIsDoneHereAndAJoinWaitsForTheNextHello() {
        welcomed(true);
        traffic.state(state("#a", null));
        connected.set(false);
        assertThat(traffic.command(new RoomInput.Join("#b"))).isTrue();
        assertThat(traffic.command(new RoomInput.Part("#a"))).isTrue();
        assertThat(rooms.names()).isEmpty();
        assertThat(rooms.hello()).containsExactly(new ClientMessage.Join("#b", null));
        assertThat(traffic.command(new RoomInput.ListRooms())).isFalse();
        assertThat(out.lines()).endsWith("problem " + RoomTraffic.SERVER_AWAY);
    }

    @Test
    void topicsAreSetInTheCurrentRoomAndShownFromWhatWasLastHeard() {
        welcomed(true);
        traffic.state(state("#a", "old topic"));
        assertThat(traffic.command(new RoomInput.ShowTopic())).isTrue();
        assertThat(out.lines()).endsWith("topic #a [old topic] by alice");
        assertThat(traffic.command(new RoomInput.SetTopic("new topic"))).isTrue();
        assertThat(sent).containsExactly(new ClientMessage.Topic("#a", "new topic"));
        traffic.topic(new ServerMessage.Topic("#a", "new topic", "me", Instant.EPOCH));
        traffic.topic(new ServerMessage.Topic("#other", "not ours", "x", Instant.EPOCH));
        assertThat(out.lines()).endsWith("topic-set #a [new topic] by me");
        traffic.command(new RoomInput.ShowTopic());
        assertThat(out.lines()).endsWith("topic #a [new topic] by me");
    }

    @Test
    void theListOfRoomsIsMarked() {
        welcomed(true);
        traffic.state(state("#a", null));
        assertThat(traffic.command(new RoomInput.ListRooms())).isTrue();
        assertThat(sent).containsExactly(new ClientMessage.ListRooms());
        traffic.list(new ServerMessage.RoomList(List.of(new RoomSummary("#general", 2, null),
                new RoomSummary("#a", 1, "t"))));
        assertThat(out.lines()).endsWith("rooms [#general=2, *#a=1(t)]");
    }

    @Test
    void aRefusedJoinIsNoLongerAwaitedAndTheServersSentenceIsTheSessions() {
        welcomed(true);
        traffic.state(state("#a", null));
        traffic.command(new RoomInput.Join("#b c"));
        traffic.refused(new ServerMessage.Error(ErrorCode.ROOM_NAME_INVALID, "cannot join ...", null, "#b c"));
        assertThat(rooms.settled()).isTrue();
        assertThat(rooms.names()).containsExactly("#a");
        assertThat(out.lines()).noneMatch(l -> l.startsWith("problem")); // the session shows the server's sentence
        // A room the client was in, refused when it came back: it says the client is no longer there.
        rooms.hello();
        welcomed(true);
        traffic.refused(new ServerMessage.Error(ErrorCode.TOO_MANY_ROOMS, "cannot join #a: ...", null, "#a"));
        assertThat(out.lines()).contains("problem " + RoomTexts.notRejoined("#a"));
        assertThat(rooms.names()).isEmpty();
    }

    @Test
    void namesAreTheCurrentRoomsAndKeysGoRound() {
        welcomed(true);
        traffic.state(state("#a", null, ALICE));
        traffic.names();
        assertThat(out.lines()).endsWith("list {alice=10.0.0.2, me=10.0.0.1}");
        traffic.cycle(1);
        assertThat(out.lines()).endsWith("info " + RoomTexts.onlyRoom("#a"));
        rooms.join("#b");
        traffic.state(state("#b", null));
        traffic.cycle(-1);
        assertThat(out.lines()).endsWith("info now talking in #a", "current #a [#a, #b]");
        traffic.names();
        assertThat(out.lines()).endsWith("[#a] list {alice=10.0.0.2, me=10.0.0.1}");
    }

    @Test
    void aServerWithoutRoomsRefusesTheCommandsHere() {
        welcomed(false);
        assertThat(traffic.command(new RoomInput.Join("#b"))).isFalse();
        assertThat(sent).isEmpty();
        assertThat(out.lines()).containsExactly("problem " + RoomTexts.SERVER_WITHOUT_ROOMS);
    }
}
