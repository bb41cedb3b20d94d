package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.Wire;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HistoryPagesTest {
    private final HistoryPages pages = new HistoryPages();

    private static ServerMessage.Message old(String room, long seq) {
        return new ServerMessage.Message("alice", "m" + seq, seq, Instant.EPOCH, "a" + seq, false, Wire.V2, room, true);
    }

    @Test
    void theJoinsPageIsWhereHistoryGoesOnFrom() {
        pages.message(old("#dev", 71));
        pages.message(old("#DEV", 72));
        HistoryPage page = pages.end(new ServerMessage.HistoryEnd("#dev", null, 2, true, 71)).orElseThrow();
        assertThat(page.kind()).isEqualTo(HistoryPage.Kind.JOIN);
        assertThat(page.messages()).extracting(ServerMessage.Message::seq).containsExactly(71L, 72L);
        ClientMessage.History older = pages.older("#dev", 20).orElseThrow();
        assertThat(older).isEqualTo(new ClientMessage.History("#dev", 71, 20, older.id()));
        pages.message(old("#dev", 51));
        HistoryPage next = pages.end(new ServerMessage.HistoryEnd("#dev", older.id(), 1, false, 51)).orElseThrow();
        assertThat(next.kind()).isEqualTo(HistoryPage.Kind.PAGE);
        assertThat(next.more()).isFalse();
        assertThat(pages.older("#dev", 0)).isEmpty(); // the beginning was reached
    }

    @Test
    void anEmptyJoinPageShowsNothingAndHistoryStartsFromTheNewest() {
        assertThat(pages.end(new ServerMessage.HistoryEnd("#new", null, 0, false, 0))).isEmpty();
        assertThat(pages.older("#new", 0).orElseThrow().before()).isZero();
    }

    @Test
    void theSameSearchAgainGoesOnWithOlderMatchesAndNewWordsStartAgain() {
        ClientMessage.Search first = pages.search("#dev", "zürich", 0);
        assertThat(first.before()).isZero();
        pages.message(old("#dev", 90));
        HistoryPage found = pages.end(new ServerMessage.SearchEnd("#dev", first.id(), "zürich", 1, true, 90));
        assertThat(found.kind()).isEqualTo(HistoryPage.Kind.SEARCH);
        assertThat(found.messages()).hasSize(1);
        assertThat(pages.search("#dev", "zürich", 0).before()).isEqualTo(90);
        assertThat(pages.search("#dev", "other", 0).before()).isZero();
        assertThat(pages.search("#ops", "zürich", 0).before()).isZero();
    }

    @Test
    void aReconnectDropsHalfAPageAndAPartForgetsTheRoom() {
        pages.message(old("#dev", 5));
        pages.reconnected();
        pages.message(old("#dev", 6));
        assertThat(pages.end(new ServerMessage.HistoryEnd("#dev", null, 1, true, 6)).orElseThrow().messages())
                .extracting(ServerMessage.Message::seq).containsExactly(6L);
        pages.left("#dev");
        assertThat(pages.older("#dev", 0).orElseThrow().before()).isZero();
    }

    @Test
    void aServerWithoutRoomsHasOneRoom() {
        pages.message(old(null, 3));
        HistoryPage page = pages.end(new ServerMessage.HistoryEnd(null, null, 1, true, 3)).orElseThrow();
        assertThat(page.room()).isNull();
        ClientMessage.History older = pages.older(null, 0).orElseThrow();
        assertThat(older.room()).isNull();
        assertThat(older.before()).isEqualTo(3);
    }
}
