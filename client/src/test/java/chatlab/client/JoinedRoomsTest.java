package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.RoomSummary;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JoinedRoomsTest {
    private static final UserInfo ME = new UserInfo("me", "10.0.0.1", 4001, Wire.V2, Instant.EPOCH);
    private static final UserInfo ALICE = new UserInfo("alice", "10.0.0.2", 4002, Wire.V2, Instant.EPOCH);
    private static final UserInfo BOB = new UserInfo("bob", "10.0.0.3", 4003, Wire.LAB, Instant.EPOCH);

    private static ServerMessage.Welcome welcome(boolean rooms) {
        return new ServerMessage.Welcome(2, "test", "me", "10.0.0.1",
                new ServerMessage.AnnouncedLimits(16384, 4096, 32, 20, 40, 30000, 90000), List.of(ME), null, "e0",
                false, rooms ? List.of("rooms") : List.of(), rooms ? "#general" : null);
    }

    private static ServerMessage.RoomState state(String room, String epoch, UserInfo... users) {
        return new ServerMessage.RoomState(room, epoch, null, null, null, List.of(users));
    }

    @Test
    void theFirstHelloNamesTheStartRoomsAndTheFirstIsWhereTheClientTalks() {
        JoinedRooms rooms = new JoinedRooms(List.of("#dev", "#general"));
        assertThat(rooms.hello()).containsExactly(new ClientMessage.Join("#dev", null), new ClientMessage.Join("#general", null));
        rooms.welcomed(welcome(true), "me", 0);
        assertThat(rooms.settled()).isFalse();
        JoinedRooms.Arrival general = rooms.state(state("#general", "g1", BOB));
        assertThat(general.kind()).isEqualTo(JoinedRooms.Arrival.Kind.ENTERED);
        assertThat(general.users()).containsOnlyKeys("bob", "me"); // the client itself is in, before its own presence
        assertThat(rooms.talkingIn()).contains("#general"); // until #dev, the first asked for, arrives
        JoinedRooms.Arrival dev = rooms.state(state("#Dev", "d1", ALICE));
        assertThat(dev.talkHere()).isTrue();
        assertThat(rooms.talkingIn()).contains("#Dev"); // as the server spells it
        assertThat(rooms.names()).containsExactly("#general", "#Dev");
        assertThat(rooms.settled()).isTrue();
    }

    @Test
    void withoutStartRoomsTheHelloNamesNoneAndTheDefaultRoomIsAwaited() {
        JoinedRooms rooms = new JoinedRooms(List.of());
        assertThat(rooms.hello()).isNull();
        rooms.welcomed(welcome(true), "me", 0);
        assertThat(rooms.settled()).isFalse();
        assertThat(rooms.hold(new UserInput.Direct("alice", " hi"))).isTrue();
        assertThat(rooms.releasable()).isEmpty();
        rooms.state(state("#general", "g1", ALICE));
        assertThat(rooms.settled()).isTrue();
        assertThat(rooms.releasable()).containsExactly(new UserInput.Direct("alice", " hi"));
        assertThat(rooms.user("alice")).contains(ALICE);
        assertThat(rooms.hold(new UserInput.Direct("carol", " hi"))).isFalse(); // here now: carol is unknown
    }

    @Test
    void aReconnectNamesEachRoomWithWhereItLeftOffAndShowsWhatChanged() {
        JoinedRooms rooms = new JoinedRooms(List.of("#dev"));
        rooms.hello();
        rooms.welcomed(welcome(true), "me", 0);
        rooms.state(state("#dev", "d1", ALICE));
        rooms.seen("#DEV", 7);
        rooms.seen("#dev", 5);
        rooms.seen("#elsewhere", 99);
        assertThat(rooms.hello()).containsExactly(new ClientMessage.Join("#dev", new ClientMessage.Resume("d1", 7)));
        rooms.welcomed(welcome(true), "me", 2);
        assertThat(rooms.settled()).isFalse();
        JoinedRooms.Arrival back = rooms.state(state("#dev", "d1", BOB));
        assertThat(back.kind()).isEqualTo(JoinedRooms.Arrival.Kind.BACK);
        RecordingClientOutput out = new RecordingClientOutput();
        back.back().orElseThrow().show(out);
        assertThat(out.lines()).contains("joined bob 10.0.0.3", "left alice",
                "info back in the room; resent 2 message(s) the server had not acknowledged");
        // A new numbering (the room was made again): resumed from its start.
        rooms.hello();
        rooms.welcomed(welcome(true), "me", 0);
        rooms.state(state("#dev", "d2", BOB));
        assertThat(rooms.hello()).containsExactly(new ClientMessage.Join("#dev", new ClientMessage.Resume("d2", 0)));
    }

    @Test
    void aClientThatPartedEveryRoomComesBackInNone() {
        JoinedRooms rooms = new JoinedRooms(List.of());
        rooms.hello();
        rooms.welcomed(welcome(true), "me", 0);
        rooms.state(state("#general", "g1"));
        assertThat(rooms.parted("#general")).contains(Optional.empty());
        assertThat(rooms.talkingIn()).isEmpty();
        assertThat(rooms.hello()).isEmpty();
    }

    @Test
    void switchingGoesRoundInJoiningOrderAndPartingMovesToTheFirstLeft() {
        JoinedRooms rooms = new JoinedRooms(List.of("#a", "#b", "#c"));
        rooms.hello();
        rooms.welcomed(welcome(true), "me", 0);
        rooms.state(state("#a", "1"));
        rooms.state(state("#b", "2"));
        rooms.state(state("#c", "3"));
        assertThat(rooms.talkingIn()).contains("#a");
        assertThat(rooms.cycle(1)).contains("#b");
        assertThat(rooms.cycle(1)).contains("#c");
        assertThat(rooms.cycle(1)).contains("#a");
        assertThat(rooms.cycle(-1)).contains("#c");
        assertThat(rooms.switchTo("#B")).contains("#b");
        assertThat(rooms.switchTo("#nowhere")).isEmpty();
        assertThat(rooms.join("#C")).contains("#c"); // already in: only a switch
        assertThat(rooms.parted("#c")).contains(Optional.of("#a"));
        assertThat(rooms.parted("#b")).isEmpty(); // not the current room: where the client talks is unchanged
        assertThat(rooms.cycle(1)).isEmpty(); // one room left
    }

    @Test
    void linesAreLabelledOnlyInMoreThanOneRoom() {
        JoinedRooms rooms = new JoinedRooms(List.of("#a"));
        rooms.hello();
        rooms.welcomed(welcome(true), "me", 0);
        rooms.state(state("#a", "1"));
        assertThat(rooms.label("#a")).isNull();
        rooms.join("#B");
        rooms.state(state("#b", "2"));
        assertThat(rooms.label("#A")).isEqualTo("#a");
        assertThat(rooms.label("#b")).isEqualTo("#b");
        assertThat(rooms.label(null)).isNull();
        assertThat(rooms.talkingIn()).contains("#b"); // the user's /join
    }

    @Test
    void aRoomNotJoinedAgainAfterAReconnectIsDropped() {
        JoinedRooms rooms = new JoinedRooms(List.of("#a", "#b"));
        rooms.hello();
        rooms.welcomed(welcome(true), "me", 0);
        rooms.state(state("#a", "1"));
        rooms.state(state("#b", "2"));
        rooms.hello();
        rooms.welcomed(welcome(true), "me", 0);
        assertThat(rooms.refused("#a")).isTrue();
        rooms.state(state("#b", "2"));
        assertThat(rooms.names()).containsExactly("#b");
        assertThat(rooms.talkingIn()).contains("#b");
        assertThat(rooms.refused("#new")).isFalse(); // a join that was never in
        assertThat(rooms.settled()).isTrue();
    }

    @Test
    void listedRoomsAreMarkedWhereTheClientIsAndTalks() {
        JoinedRooms rooms = new JoinedRooms(List.of("#a", "#b"));
        rooms.hello();
        rooms.welcomed(welcome(true), "me", 0);
        rooms.state(state("#a", "1"));
        rooms.state(state("#b", "2"));
        assertThat(rooms.rows(List.of(new RoomSummary("#general", 3, null), new RoomSummary("#A", 1, "t"),
                new RoomSummary("#b", 1, null)))).containsExactly(new RoomRow("#general", 3, "", false, false),
                new RoomRow("#A", 1, "t", true, true), new RoomRow("#b", 1, "", true, false));
    }

    @Test
    void directMessagesFindUsersInAnyRoom() throws Exception {
        JoinedRooms rooms = new JoinedRooms(List.of("#a", "#b"));
        rooms.hello();
        rooms.welcomed(welcome(true), "me", 0);
        rooms.state(state("#a", "1", ALICE));
        rooms.state(state("#b", "2", BOB));
        assertThat(rooms.user("bob")).contains(BOB);
        assertThat(rooms.nameAt(new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 4002))).contains("alice");
        assertThat(rooms.isAt("bob", new InetSocketAddress(InetAddress.getByName("10.0.0.3"), 4003))).isTrue();
        assertThat(rooms.everyone()).containsExactly("alice", "me", "bob");
        assertThat(rooms.addresses().orElseThrow()).isEqualTo(Map.of("alice", "10.0.0.2", "me", "10.0.0.1"));
    }

    @Test
    void aServerWithoutRoomsIsOneRoomAsBefore() {
        JoinedRooms rooms = new JoinedRooms(List.of());
        assertThat(rooms.hello()).isNull();
        RecordingClientOutput out = new RecordingClientOutput();
        rooms.welcomed(welcome(false), "me", 0).orElseThrow().show(out);
        assertThat(out.lines()).containsExactly("map {me=10.0.0.1}");
        assertThat(rooms.roomsOn()).isFalse();
        assertThat(rooms.settled()).isTrue();
        rooms.presence(new ServerMessage.Presence(List.of(ALICE), List.of())).orElseThrow().show(out);
        assertThat(rooms.user("alice")).contains(ALICE);
        assertThat(rooms.talkingIn()).isEmpty();
        assertThat(rooms.hello()).isNull(); // still the server's one room
    }
}
