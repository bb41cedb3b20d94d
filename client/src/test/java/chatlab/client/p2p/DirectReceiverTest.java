package chatlab.client.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.client.FakeScheduler;
import chatlab.client.RecordingClientOutput;
import chatlab.protocol.v2.PeerMessage;
import chatlab.protocol.v2.PeerMessageDecoder;
import chatlab.protocol.v2.PeerMessageEncoder;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DirectReceiverTest {
    private static final InetSocketAddress ALICES_PORT = new InetSocketAddress("10.0.0.2", 4002);
    private static final InetSocketAddress WALTS_PORT = new InetSocketAddress("10.0.0.5", 5000);

    /** The room: alice (v2) and walt (lab), each at the address and port the server announced. */
    private final AnnouncedPeers room = new AnnouncedPeers() {
        private final Map<String, InetSocketAddress> at = Map.of("alice", ALICES_PORT, "walt", WALTS_PORT);

        @Override
        public Optional<String> nameAt(InetSocketAddress source) {
            return at.entrySet().stream().filter(e -> e.getValue().equals(source)).map(Map.Entry::getKey).findFirst();
        }

        @Override
        public boolean isAt(String name, InetSocketAddress source) {
            return source.equals(at.get(name));
        }
    };

    private final RecordingClientOutput out = new RecordingClientOutput();
    private final Set<String> seen = new HashSet<>();
    private final List<InetSocketAddress> acksTo = new ArrayList<>();
    private final List<PeerMessage> acks = new ArrayList<>();
    private final FakeScheduler timers = new FakeScheduler();
    private final List<byte[]> sent = new ArrayList<>();
    private final DirectSender sender = new DirectSender(() -> "me", out, (to, bytes) -> sent.add(bytes), timers, 3,
            Duration::ofSeconds, () -> "mine-1", (id, to, text) -> { }, () -> { });
    private final DirectReceiver receiver = new DirectReceiver(() -> "me", out, room,
            (from, id) -> seen.add(from + "/" + id), (to, bytes) -> {
                acksTo.add(to);
                acks.add(new PeerMessageDecoder().decode(bytes).orElseThrow());
            }, sender);

    private static byte[] dm(String from, String id, String text, String to) {
        return new PeerMessageEncoder().encode(new PeerMessage.Dm(from, id, text, to));
    }

    @Test
    void aLabDatagramIsNamedOnlyWhenItComesFromTheAnnouncedAddressAndPort() {
        receiver.received(WALTS_PORT, " hi".getBytes(StandardCharsets.UTF_8));
        receiver.received(new InetSocketAddress("10.0.0.5", 5001), "hi".getBytes(StandardCharsets.UTF_8));
        assertThat(out.lines()).containsExactly("direct walt@10.0.0.5 [ hi]", "direct ?@10.0.0.5:5001 [hi]");
        assertThat(acks).as("the lab wire acknowledges nothing").isEmpty();
    }

    @Test
    void aDirectMessageIsAcknowledgedAndShownFromItsVerifiedSender() {
        receiver.received(ALICES_PORT, dm("alice", "a-1", "hello", "me"));
        assertThat(acks).containsExactly(new PeerMessage.DmAck("a-1"));
        assertThat(acksTo).containsExactly(ALICES_PORT);
        assertThat(out.lines()).containsExactly("direct alice@10.0.0.2 [hello]");
    }

    @Test
    void aCopyWhoseAcknowledgementWasLostIsAcknowledgedAgainButShownOnce() {
        receiver.received(ALICES_PORT, dm("alice", "a-1", "hello", "me"));
        receiver.received(ALICES_PORT, dm("alice", "a-1", "hello", "me"));
        assertThat(acks).containsExactly(new PeerMessage.DmAck("a-1"), new PeerMessage.DmAck("a-1"));
        assertThat(out.lines()).containsExactly("direct alice@10.0.0.2 [hello]");
    }

    @Test
    void aClaimedSenderFromAnotherPortIsShownAsUnverified() {
        receiver.received(new InetSocketAddress("10.0.0.2", 4999), dm("alice", "a-1", "it is me", "me"));
        receiver.received(WALTS_PORT, dm("alice", "a-2", "me too", null));
        assertThat(out.lines()).containsExactly("unverified alice@10.0.0.2:4999 [it is me]",
                "unverified alice@10.0.0.5:5000 [me too]");
        assertThat(acks).hasSize(2);
    }

    @Test
    void aDirectMessageForAnotherClientOnThisPortIsLeftAlone() {
        receiver.received(ALICES_PORT, dm("alice", "a-1", "not for you", "someone"));
        assertThat(acks).isEmpty();
        assertThat(out.lines()).isEmpty();
        assertThat(seen).as("not taken as seen either").isEmpty();
    }

    @Test
    void anAcknowledgementSettlesOurOwnDirectMessage() {
        sender.send(new UserInfo("alice", "10.0.0.2", 4002, Wire.V2, Instant.EPOCH), " hi");
        receiver.received(ALICES_PORT, new PeerMessageEncoder().encode(new PeerMessage.DmAck("mine-1")));
        assertThat(sender.waiting()).isZero();
        assertThat(out.lines()).endsWith("info delivered to alice directly over UDP");
        assertThat(acks).as("an acknowledgement is not acknowledged").isEmpty();
    }
}
