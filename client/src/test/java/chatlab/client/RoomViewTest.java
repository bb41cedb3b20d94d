package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoomViewTest {
    private final RoomView room = new RoomView();
    private final RecordingClientOutput out = new RecordingClientOutput();

    private static UserInfo user(String name, String address, int port) {
        return new UserInfo(name, address, port, Wire.V2, Instant.EPOCH);
    }

    private static final UserInfo ME = user("me", "10.0.0.1", 4001);
    private static final UserInfo ALICE = user("alice", "10.0.0.2", 4002);
    private static final UserInfo BOB = user("bob", "10.0.0.3", 4003);

    private static ServerMessage.Presence presence(List<UserInfo> joined, String... left) {
        List<ServerMessage.Left> gone = new ArrayList<>();
        for (String name : left) {
            gone.add(new ServerMessage.Left(name, "quit"));
        }
        return new ServerMessage.Presence(joined, gone);
    }

    private void show(Optional<RoomNews> news) {
        news.ifPresent(shown -> shown.show(out));
    }

    @Test
    void nothingBeforeTheFirstWelcome() {
        assertThat(room.addresses()).isEmpty();
        assertThat(room.presence(presence(List.of(ALICE)))).isEmpty();
        assertThat(room.joined(ALICE)).isEmpty();
        assertThat(room.left("alice")).isEmpty();
        assertThat(room.user("alice")).isEmpty();
        assertThat(room.hold(new UserInput.Direct("alice", " hi"))).isFalse();
    }

    @Test
    void theFirstWelcomeShowsTheRoomAndNothingElse() {
        show(room.welcome("me", List.of(ALICE, ME), false, 0));
        assertThat(out.lines()).containsExactly("map {alice=10.0.0.2, me=10.0.0.1}");
        assertThat(room.user("alice")).contains(ALICE);
        assertThat(room.addresses().orElseThrow()).containsExactly(Map.entry("alice", "10.0.0.2"), Map.entry("me", "10.0.0.1"));
    }

    @Test
    void presenceAppliesLeavesBeforeJoins() {
        room.welcome("me", List.of(ME, ALICE), false, 0);
        UserInfo aliceAgain = user("alice", "10.0.0.9", 4009);
        show(room.presence(presence(List.of(aliceAgain, BOB), "alice")));
        assertThat(room.user("alice")).as("left and came back: here, at the new address").contains(aliceAgain);
        assertThat(out.lines()).containsExactly("map {me=10.0.0.1, alice=10.0.0.9, bob=10.0.0.3}", "left alice",
                "joined alice 10.0.0.9", "joined bob 10.0.0.3");
    }

    @Test
    void ourOwnOldConnectionsLeaveAndOurJoinAreNotNews() {
        room.welcome("me", List.of(ME, ALICE), false, 0);
        show(room.presence(presence(List.of(ME), "me")));
        assertThat(out.lines()).containsExactly("map {alice=10.0.0.2, me=10.0.0.1}");
    }

    @Test
    void aLeaveOfSomeoneNotHereIsNotNews() {
        room.welcome("me", List.of(ME), false, 0);
        show(room.presence(presence(List.of(), "ghost")));
        assertThat(out.lines()).containsExactly("map {me=10.0.0.1}");
        assertThat(room.left("ghost")).isEmpty();
    }

    @Test
    void aJoinStormIsSummedUp() {
        room.welcome("me", List.of(ME), false, 0);
        List<UserInfo> crowd = new ArrayList<>();
        for (int i = 1; i <= RoomNews.JOINS_SHOWN_ONE_BY_ONE + 1; i++) {
            crowd.add(user("u" + i, "10.0.1." + i, 5000));
        }
        show(room.presence(presence(crowd)));
        assertThat(out.lines()).hasSize(2);
        assertThat(out.lines().get(1)).isEqualTo("info 6 users joined (u1, u2, ...; #ls lists everyone)");

        RecordingClientOutput few = new RecordingClientOutput();
        room.presence(presence(crowd.subList(0, RoomNews.JOINS_SHOWN_ONE_BY_ONE))).ifPresent(news -> news.show(few));
        assertThat(few.count("joined ")).as("up to the bound, one by one").isEqualTo(RoomNews.JOINS_SHOWN_ONE_BY_ONE);
    }

    @Test
    void singleJoinsAndLeaves() {
        room.welcome("me", List.of(ME), false, 0);
        show(room.joined(ALICE));
        show(room.left("alice"));
        assertThat(out.lines()).containsExactly("map {me=10.0.0.1, alice=10.0.0.2}", "joined alice 10.0.0.2",
                "map {me=10.0.0.1}", "left alice");
    }

    @Test
    void aRoomThatFollowsTheWelcomeComesInJoiningOrderAndIsNotNews() {
        assertThat(room.welcome("me", List.of(ME), true, 0)).as("shown when the room comes").isEmpty();
        show(room.presence(presence(List.of(BOB, ALICE))));
        assertThat(out.lines()).containsExactly("map {bob=10.0.0.3, alice=10.0.0.2, me=10.0.0.1}");

        show(room.presence(presence(List.of(user("carol", "10.0.0.4", 4004)))));
        assertThat(out.lines()).as("the next presence is news again").endsWith("joined carol 10.0.0.4");
    }

    @Test
    void directMessagesWaitForTheRoomThatFollowsTheWelcome() {
        room.welcome("me", List.of(ME), true, 0);
        UserInput.Direct early = new UserInput.Direct("bob", " are you there?");
        assertThat(room.user("bob")).isEmpty();
        assertThat(room.hold(early)).isTrue();
        assertThat(room.held()).isEqualTo(1);

        Optional<RoomNews> news = room.presence(presence(List.of(BOB)));
        assertThat(news.orElseThrow().released()).containsExactly(early);
        assertThat(room.held()).isZero();
        assertThat(room.user("bob")).contains(BOB);
        assertThat(room.hold(new UserInput.Direct("nobody", " hi"))).as("the room is here: unknown is unknown").isFalse();
    }

    @Test
    void onlySoManyDirectMessagesAreHeld() {
        room.welcome("me", List.of(ME), true, 0);
        for (int i = 0; i < RoomView.MAX_DIRECTS_BEFORE_SNAPSHOT; i++) {
            assertThat(room.hold(new UserInput.Direct("bob", " " + i))).isTrue();
        }
        assertThat(room.hold(new UserInput.Direct("bob", " one too many"))).isFalse();
        assertThat(room.held()).isEqualTo(RoomView.MAX_DIRECTS_BEFORE_SNAPSHOT);
    }

    @Test
    void backAfterAReconnectShowsWhatChangedWhileAway() {
        room.welcome("me", List.of(ME, ALICE), false, 0);
        show(room.welcome("me", List.of(ME, BOB), false, 2));
        assertThat(out.lines()).containsExactly("map {me=10.0.0.1, bob=10.0.0.3}", "joined bob 10.0.0.3",
                "left alice", "info back in the room; resent 2 message(s) the server had not acknowledged");
    }

    @Test
    void backAfterAReconnectWhenTheRoomFollows() {
        room.welcome("me", List.of(ME, ALICE), false, 0);
        assertThat(room.welcome("me", List.of(ME), true, 0)).isEmpty();
        show(room.presence(presence(List.of(ALICE, BOB))));
        assertThat(out.lines()).containsExactly("map {alice=10.0.0.2, bob=10.0.0.3, me=10.0.0.1}",
                "joined bob 10.0.0.3", "info back in the room");
    }

    @Test
    void tellsWhoIsAtASourceByAddressAndPort() throws Exception {
        assertThat(room.nameAt(new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 4002))).isEmpty();
        assertThat(room.isAt("alice", new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 4002))).isFalse();
        room.welcome("me", List.of(ME, ALICE), false, 0);
        InetSocketAddress alicesPort = new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 4002);
        InetSocketAddress otherPort = new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 4999);
        assertThat(room.nameAt(alicesPort)).contains("alice");
        assertThat(room.nameAt(otherPort)).isEmpty();
        assertThat(room.isAt("alice", alicesPort)).isTrue();
        assertThat(room.isAt("alice", otherPort)).isFalse();
        assertThat(room.isAt("bob", alicesPort)).isFalse();
    }
}
