package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.Wire;
import chatlab.server.room.Member;
import io.netty.channel.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A relay reaches every other member in its wire, is numbered by the room's log, and is acknowledged once. */
class FanOutTest {
    private final EmbeddedRoom embedded = new EmbeddedRoom();
    private final MemoryRoomLog log = new MemoryRoomLog();
    private final FanOut fanOut = new FanOut(java.time.Clock.systemUTC(), embedded.room, log, embedded.deliveries,
            new PendingAcks(embedded.loop.eventLoop()), embedded.loop.eventLoop());

    @AfterEach
    void close() {
        embedded.close();
    }

    @Test
    void everyOtherMemberGetsItInItsWireAndAV2SenderItsAckWithTheLogsSeq() {
        Member<Channel> alice = embedded.join("alice", Wire.V2);
        Member<Channel> bob = embedded.join("bob", Wire.V2);
        Member<Channel> labby = embedded.join("labby", Wire.LAB);

        fanOut.relay(alice, "hi", "a1", false);
        embedded.endTurn();

        assertThat(EmbeddedRoom.written(labby)).isEqualTo("alice: hi ");
        assertThat(EmbeddedRoom.written(bob)).startsWith("{\"type\":\"message\",\"from\":\"alice\",\"text\":\"hi\","
                + "\"seq\":1,").endsWith(",\"id\":\"a1\",\"wire\":\"v2\"}\n");
        assertThat(EmbeddedRoom.written(alice)).startsWith("{\"type\":\"ack\",\"id\":\"a1\",\"seq\":1,")
                .doesNotContain("\"type\":\"message\"");
        java.util.List<chatlab.protocol.v2.ServerMessage.Message> kept = new java.util.ArrayList<>();
        log.after(0, kept::addAll);
        assertThat(kept).extracting(m -> m.from() + ":" + m.text() + ":" + m.seq()).containsExactly("alice:hi:1");
    }

    @Test
    void aResentIdIsAcknowledgedAsADuplicateWithItsFirstSeqAndDeliveredToNobody() {
        Member<Channel> alice = embedded.join("alice", Wire.V2);
        Member<Channel> bob = embedded.join("bob", Wire.LAB);
        fanOut.relay(alice, "once", "a1", false);
        fanOut.relay(bob, "between", null, false);
        embedded.endTurn();
        EmbeddedRoom.written(alice);
        EmbeddedRoom.written(bob);

        fanOut.relay(alice, "once", "a1", false);
        embedded.endTurn();

        assertThat(EmbeddedRoom.written(bob)).isEmpty();
        assertThat(EmbeddedRoom.written(alice)).startsWith("{\"type\":\"ack\",\"id\":\"a1\",\"seq\":1,")
                .endsWith(",\"duplicate\":true}\n");
    }

    @Test
    void aSenderAloneIsAcknowledgedAtOnceAndALabActionIsShownAsOne() {
        Member<Channel> alice = embedded.join("alice", Wire.V2);
        fanOut.relay(alice, "alone", "a1", false);
        embedded.endTurn();
        assertThat(EmbeddedRoom.written(alice)).startsWith("{\"type\":\"ack\",\"id\":\"a1\",\"seq\":1,");

        Member<Channel> labby = embedded.join("labby", Wire.LAB);
        fanOut.relay(alice, "waves", "a2", true);
        embedded.endTurn();
        assertThat(EmbeddedRoom.written(labby)).isEqualTo("alice: * alice waves ");
    }
}
