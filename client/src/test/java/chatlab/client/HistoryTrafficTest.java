package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTrafficTest {
    private static final UserInfo ME = new UserInfo("me", "10.0.0.1", 4001, Wire.V2, Instant.EPOCH);

    private final JoinedRooms rooms = new JoinedRooms(List.of("#dev"));
    private final SeenMessages seen = new SeenMessages();
    private final RecordingClientOutput out = new RecordingClientOutput();
    private final List<ClientMessage> sent = new ArrayList<>();
    private final HistoryTraffic history = new HistoryTraffic(rooms, seen, out, sent::add);

    private static ServerMessage.Welcome welcome(List<String> features) {
        return new ServerMessage.Welcome(2, "test", "me", "10.0.0.1",
                new ServerMessage.AnnouncedLimits(16384, 4096, 32, 20, 40, 30000, 90000), List.of(ME), null, "e0",
                false, features, "#general");
    }

    private void inDev(List<String> features) {
        rooms.hello();
        rooms.welcomed(welcome(features), "me", 0);
        history.welcomed(welcome(features));
        rooms.state(new ServerMessage.RoomState("#dev", "d1", null, null, null, List.of()));
    }

    private static ServerMessage.Message message(long seq, boolean old) {
        return new ServerMessage.Message("alice", "m" + seq, seq, Instant.EPOCH, "a" + seq, false, Wire.V2, "#dev", old);
    }

    @Test
    void aPageIsShownWholeOnceItEnds() {
        inDev(List.of("rooms", "history"));
        history.message(message(1, true));
        history.message(message(2, true));
        assertThat(out.lines()).noneMatch(l -> l.startsWith("history"));
        history.end(new ServerMessage.HistoryEnd("#dev", null, 2, false, 1));
        assertThat(out.lines()).containsExactly("history JOIN #dev 2", "old alice [m1] 1", "old alice [m2] 2");
    }

    @Test
    void theJoinsPageLeavesOutWhatWasShownAndCountsAsShown() {
        inDev(List.of("rooms", "history"));
        seen.firstSight("alice", "a1"); // shown live before a reconnect
        history.message(message(1, true));
        history.message(message(2, true));
        history.end(new ServerMessage.HistoryEnd("#dev", null, 2, false, 1));
        assertThat(out.lines()).containsExactly("history JOIN #dev 1", "old alice [m2] 2");
        assertThat(seen.firstSight("alice", "a2")).isFalse(); // so it never shows again live
    }

    @Test
    void historyAndSearchAskForTheRoomTheClientTalksIn() {
        inDev(List.of("rooms", "history"));
        assertThat(history.older(10)).isTrue();
        assertThat(history.search("zürich", 0)).isTrue();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).isInstanceOfSatisfying(ClientMessage.History.class, h -> {
            assertThat(h.room()).isEqualTo("#dev");
            assertThat(h.count()).isEqualTo(10);
        });
        assertThat(sent.get(1)).isInstanceOfSatisfying(ClientMessage.Search.class,
                s -> assertThat(s.text()).isEqualTo("zürich"));
        // A page the user asked for shows everything, even what was shown before.
        seen.firstSight("alice", "a3");
        history.message(message(3, true));
        history.end(new ServerMessage.HistoryEnd("#dev", ((ClientMessage.History) sent.get(0)).id(), 1, false, 3));
        assertThat(out.lines()).containsExactly("history PAGE #dev 1", "old alice [m3] 3");
        assertThat(history.older(10)).isTrue();
        assertThat(out.lines()).endsWith("info " + HistoryTexts.beginning("#dev"));
        assertThat(sent).hasSize(2);
    }

    @Test
    void aServerWithoutHistoryIsSaidSo() {
        inDev(List.of("rooms"));
        assertThat(history.older(0)).isFalse();
        assertThat(history.search("x", 0)).isFalse();
        assertThat(sent).isEmpty();
        assertThat(out.lines()).containsExactly("problem " + HistoryTraffic.NO_HISTORY, "problem " + HistoryTraffic.NO_HISTORY);
    }
}
