package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.Wire;
import chatlab.server.handler.DisconnectReason;
import chatlab.server.handler.Refusal;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A refusal is said in the client's wire after what the room gathered for it; fatal ones and failures close. */
class RefusalsTest {
    private final EmbeddedRoom embedded = new EmbeddedRoom();
    private final Refusals refusals = new Refusals(embedded.loop.eventLoop(), embedded.outbound, embedded.events);

    @AfterEach
    void close() {
        embedded.close();
    }

    @Test
    void eachWireHearsItInItsOwnWordsAfterWhatTheRoomGatheredForItThisTurn() {
        EmbeddedChannel lab = embedded.connection(Wire.LAB);
        EmbeddedChannel v2 = embedded.connection(Wire.V2);
        embedded.outbound.write(lab, embedded.outbound.share("bob: first ".getBytes()));
        refusals.refuse(lab, Refusal.of(ErrorCode.BAD_FIELD, "no"));
        refusals.refuse(v2, Refusal.of(ErrorCode.BAD_FIELD, "no").withRef("x1"));

        assertThat(EmbeddedRoom.written(lab)).isEqualTo("bob: first server: no ");
        assertThat(EmbeddedRoom.written(v2)).isEqualTo(
                "{\"type\":\"error\",\"code\":\"bad_field\",\"message\":\"no\",\"fatal\":false,\"ref\":\"x1\"}\n");
        assertThat(lab.isOpen()).isTrue();
        assertThat(embedded.events.lines()).containsExactly("refused: no", "refused: no");
    }

    @Test
    void aFatalRefusalClosesTheConnectionWithItsReason() {
        EmbeddedChannel v2 = embedded.connection(Wire.V2);
        refusals.refuse(v2, Refusal.roomFull(3));
        assertThat(EmbeddedRoom.written(v2)).contains("\"code\":\"room_full\"").contains("\"fatal\":true");
        assertThat(v2.isOpen()).isFalse();
        assertThat(DisconnectReason.of(v2)).isEqualTo("room full");
    }

    @Test
    void aClientThatIsBehindIsClosedInsteadOfBeingToldMore() {
        EmbeddedChannel v2 = embedded.connection(Wire.V2);
        v2.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(1, 2));
        v2.write(Unpooled.wrappedBuffer(new byte[64])); // queued, not flushed: over the high-water mark
        assertThat(v2.isWritable()).isFalse();
        refusals.refuse(v2, Refusal.of(ErrorCode.BAD_FIELD, "no"));
        assertThat(v2.isOpen()).isFalse();
        assertThat(DisconnectReason.of(v2)).startsWith("does not read the server's replies");
    }

    @Test
    void aResetIsClosedQuietlyAndABugIsToldToTheClient() {
        EmbeddedChannel reset = embedded.connection(Wire.V2);
        refusals.failed(reset, new IOException("Connection reset by peer"));
        assertThat(EmbeddedRoom.written(reset)).isEmpty();
        assertThat(DisconnectReason.of(reset)).isEqualTo("Connection reset by peer");

        EmbeddedChannel bug = embedded.connection(Wire.LAB);
        refusals.failed(bug, new IllegalStateException("oops"));
        assertThat(EmbeddedRoom.written(bug)).isEqualTo(
                "server: the server failed on this connection (oops); this is a bug, please report it ");
        assertThat(bug.isOpen()).isFalse();
    }
}
