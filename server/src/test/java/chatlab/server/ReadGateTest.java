package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.RawLineClient;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/LIMITS.md, "messages of one client waiting on the room thread": at {@link ReadGate#MAX_PENDING_RELAYS} (64) the
 * server stops reading that client until the room caught up to 32; nothing is lost, TCP holds the rest.
 */
class ReadGateTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @Test
    void readingStopsAt64PendingRelaysAndResumesWhenTheRoomCaughtUpTo32() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReadGate gate = ReadGate.of(channel);
        for (int i = 1; i < ReadGate.MAX_PENDING_RELAYS; i++) {
            gate.relayQueued();
        }
        assertThat(channel.config().isAutoRead()).as("63 pending").isTrue();
        gate.relayQueued();
        assertThat(channel.config().isAutoRead()).as("64 pending").isFalse();
        gate.relayQueued(); // a read's other lines still count: 65
        for (int pending = 64; pending > 32; pending--) {
            gate.relayDone();
            assertThat(channel.config().isAutoRead()).as(pending + " pending").isFalse();
        }
        gate.relayDone();
        assertThat(channel.config().isAutoRead()).as("32 pending").isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void aBacklogOfAHundredHeldMessagesIsRelayedWholeAndReadingGoesOn() throws Exception {
        // The tiny presence budget holds a newcomer's messages for its announcement (over a second): the hundred
        // sent in one write all wait on the room thread, past 64, so the server stops reading vee meanwhile.
        ServerFixture fixture = cleanup.add(ServerFixture.withTinyPresenceBudget());
        RawLabClient lab = cleanup.add(fixture.registered(11, "labby"));
        RawLineClient vee = cleanup.add(RawLineClient.connect(Ports.loopback(12), fixture.server.port()));
        vee.sendLine("{\"type\":\"hello\",\"version\":2,\"name\":\"vee\",\"udp_port\":0}");
        vee.awaitLineContaining("\"type\":\"welcome\"");
        StringBuilder burst = new StringBuilder();
        StringBuilder relayed = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            burst.append("{\"type\":\"say\",\"id\":\"m").append(i).append("\",\"text\":\"m").append(i).append("\"}\n");
            relayed.append("vee: m").append(i).append(' ');
        }
        vee.send(burst.toString().getBytes(StandardCharsets.UTF_8));
        vee.awaitLineContaining("\"id\":\"m99\"");
        // Sent after the backlog drained: read only if reading resumed.
        vee.sendLine("{\"type\":\"say\",\"id\":\"after\",\"text\":\"after\"}");
        vee.awaitLineContaining("\"id\":\"after\"");
        lab.awaitEndsWith("vee: after ");
        assertThat(lab.receivedText()).isEqualTo(RawLabClient.paddedMap("!{\"labby\": \"127.0.0.11\"}")
                + RawLabClient.paddedMap("!{\"labby\": \"127.0.0.11\", \"vee\": \"127.0.0.12\"}") + relayed + "vee: after ");
        assertThat(vee.lines()).filteredOn(l -> l.contains("\"type\":\"ack\"")).hasSize(101);
    }
}
