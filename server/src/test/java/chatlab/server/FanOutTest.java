package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.Wire;
import chatlab.server.room.Member;
import io.netty.channel.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A relay reaches every other member of its room in its wire (naming the room to clients with rooms), is numbered by
 * the room's log, and is acknowledged once.
 */
class FanOutTest {
    private final EmbeddedRoom embedded = new EmbeddedRoom();
    private final FanOut fanOut = new FanOut(java.time.Clock.systemUTC(), embedded.deliveries,
            new Refusals(embedded.loop.eventLoop(), embedded.outbound, embedded.events), new PendingAcks(embedded.loop.eventLoop()), embedded.loop.eventLoop());
    private final LiveRoom room = embedded.defaultRoom();

    @AfterEach
    void close() {
        embedded.close();
    }

    @Test
    void everyOtherMemberGetsItInItsWireAndAV2SenderItsAckWithTheLogsSeq() {
        Member<Channel> alice = embedded.join("alice", Wire.V2);
        Member<Channel> bob = embedded.join("bob", Wire.V2);
        Member<Channel> labby = embedded.join("labby", Wire.LAB);

        fanOut.relay(room, alice, "hi", "a1", false);
        embedded.endTurn();

        assertThat(EmbeddedRoom.written(labby)).isEqualTo("alice: hi ");
        assertThat(EmbeddedRoom.written(bob)).startsWith("{\"type\":\"message\",\"from\":\"alice\",\"text\":\"hi\","
                + "\"seq\":1,").endsWith(",\"id\":\"a1\",\"wire\":\"v2\"}\n");
        assertThat(EmbeddedRoom.written(alice)).startsWith("{\"type\":\"ack\",\"id\":\"a1\",\"seq\":1,")
                .doesNotContain("\"type\":\"message\"");
        java.util.List<chatlab.protocol.v2.ServerMessage.Message> kept = new java.util.ArrayList<>();
        room.log().after(0, 0, kept::addAll, reason -> { throw new AssertionError(reason); });
        assertThat(kept).extracting(m -> m.from() + ":" + m.text() + ":" + m.seq()).containsExactly("alice:hi:1");
    }

    @Test
    void aResentIdIsAcknowledgedAsADuplicateWithItsFirstSeqAndDeliveredToNobody() {
        Member<Channel> alice = embedded.join("alice", Wire.V2);
        Member<Channel> bob = embedded.join("bob", Wire.LAB);
        fanOut.relay(room, alice, "once", "a1", false);
        fanOut.relay(room, bob, "between", null, false);
        embedded.endTurn();
        EmbeddedRoom.written(alice);
        EmbeddedRoom.written(bob);

        fanOut.relay(room, alice, "once", "a1", false);
        embedded.endTurn();

        assertThat(EmbeddedRoom.written(bob)).isEmpty();
        assertThat(EmbeddedRoom.written(alice)).startsWith("{\"type\":\"ack\",\"id\":\"a1\",\"seq\":1,")
                .endsWith(",\"duplicate\":true}\n");
    }

    @Test
    void aSenderAloneIsAcknowledgedAtOnceAndALabActionIsShownAsOne() {
        Member<Channel> alice = embedded.join("alice", Wire.V2);
        fanOut.relay(room, alice, "alone", "a1", false);
        embedded.endTurn();
        assertThat(EmbeddedRoom.written(alice)).startsWith("{\"type\":\"ack\",\"id\":\"a1\",\"seq\":1,");

        Member<Channel> labby = embedded.join("labby", Wire.LAB);
        fanOut.relay(room, alice, "waves", "a2", true);
        embedded.endTurn();
        assertThat(EmbeddedRoom.written(labby)).isEqualTo("alice: * alice waves ");
    }

    @Test
    void clientsWithRoomsGetTheRoomNamedAndOldOnesTheSameBytesAsBeforeRooms() {
        Member<Channel> old = embedded.join("old", Wire.V2);
        Member<Channel> alice = embedded.join("alice", Wire.V2, true);
        Member<Channel> bob = embedded.join("bob", Wire.V2, true);

        fanOut.relay(room, alice, "hi", "a1", false);
        fanOut.relay(room, old, "yo", "o1", false);
        embedded.endTurn();

        assertThat(EmbeddedRoom.written(bob)).contains("{\"type\":\"message\",\"room\":\"#general\",\"from\":\"alice\","
                + "\"text\":\"hi\",\"seq\":1,").contains("{\"type\":\"message\",\"room\":\"#general\",\"from\":\"old\"");
        String toOld = EmbeddedRoom.written(old);
        assertThat(toOld).startsWith("{\"type\":\"message\",\"from\":\"alice\",\"text\":\"hi\",\"seq\":1,")
                .contains("{\"type\":\"ack\",\"id\":\"o1\",\"seq\":2,").doesNotContain("room");
        assertThat(EmbeddedRoom.written(alice)).contains("{\"type\":\"ack\",\"room\":\"#general\",\"id\":\"a1\",\"seq\":1,");

        fanOut.relay(room, alice, "hi", "a1", false);
        embedded.endTurn();
        assertThat(EmbeddedRoom.written(alice)).startsWith("{\"type\":\"ack\",\"room\":\"#general\",\"id\":\"a1\","
                + "\"seq\":1,").endsWith(",\"duplicate\":true}\n");
    }
}
