package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.Wire;
import chatlab.server.room.Member;
import io.netty.channel.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A whisper reaches its one recipient in that recipient's wire; the sender gets an ack with seq 0 or an error. */
class WhispersTest {
    private final EmbeddedRoom embedded = new EmbeddedRoom();
    private final Whispers whispers = new Whispers(java.time.Clock.systemUTC(), embedded.roster, embedded.deliveries,
            new Refusals(embedded.loop.eventLoop(), embedded.outbound, embedded.events));

    @AfterEach
    void close() {
        embedded.close();
    }

    @Test
    void itReachesOnlyItsRecipientInThatRecipientsWire() {
        Member<Channel> alice = embedded.join("alice", Wire.V2);
        Member<Channel> bob = embedded.join("bob", Wire.V2);
        Member<Channel> labby = embedded.join("labby", Wire.LAB);

        whispers.whisper(alice, "w1", "labby", "psst");
        whispers.whisper(alice, "w2", "bob", "back");
        embedded.endTurn();

        assertThat(EmbeddedRoom.written(labby)).isEqualTo("alice: (whisper) psst ");
        assertThat(EmbeddedRoom.written(bob)).startsWith("{\"type\":\"whisper\",\"from\":\"alice\",\"id\":\"w2\","
                + "\"text\":\"back\",");
        assertThat(EmbeddedRoom.written(alice)).startsWith("{\"type\":\"ack\",\"id\":\"w1\",\"seq\":0,")
                .contains("{\"type\":\"ack\",\"id\":\"w2\",\"seq\":0,").doesNotContain("whisper");
    }

    @Test
    void aNameNobodyHasIsAnErrorAboutThatWhisper() {
        Member<Channel> alice = embedded.join("alice", Wire.V2);
        whispers.whisper(alice, "w1", "zed", "?");
        embedded.endTurn();
        assertThat(EmbeddedRoom.written(alice)).isEqualTo("{\"type\":\"error\",\"code\":\"unknown_user\","
                + "\"message\":\"no user named \\\"zed\\\" is in the room\",\"fatal\":false,\"ref\":\"w1\"}\n");
    }
}
