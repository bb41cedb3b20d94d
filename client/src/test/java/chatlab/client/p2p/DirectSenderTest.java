package chatlab.client.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.client.FakeScheduler;
import chatlab.client.RecordingClientOutput;
import chatlab.protocol.v2.PeerMessage;
import chatlab.protocol.v2.PeerMessageDecoder;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectSenderTest {
    private static final UserInfo BOB = new UserInfo("bob", "10.0.0.3", 4003, Wire.V2, Instant.EPOCH);
    private static final InetSocketAddress BOBS_PORT = new InetSocketAddress("10.0.0.3", 4003);

    record Datagram(InetSocketAddress to, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        PeerMessage decoded() {
            return new PeerMessageDecoder().decode(bytes).orElseThrow();
        }
    }

    record Whisper(String id, String to, String text) {}

    private final FakeScheduler timers = new FakeScheduler();
    private final RecordingClientOutput out = new RecordingClientOutput();
    private final List<Datagram> datagrams = new ArrayList<>();
    private final List<Whisper> whispers = new ArrayList<>();
    private int settled;
    private int ids;
    /** Three tries; the wait after try n is n seconds. */
    private final DirectSender sender = new DirectSender(() -> "me", out, (to, bytes) -> datagrams.add(new Datagram(to, bytes)),
            timers, 3, Duration::ofSeconds, () -> "id-" + ++ids, (id, to, text) -> whispers.add(new Whisper(id, to, text)),
            () -> settled++);

    @Test
    void aV2PeerGetsADatagramThatWaitsForItsAcknowledgement() {
        assertThat(sender.send(BOB, " hello")).isTrue();
        assertThat(datagrams).singleElement().satisfies(d -> {
            assertThat(d.to()).isEqualTo(BOBS_PORT);
            assertThat(d.decoded()).as("the space after the colon is the lab's, not the text's")
                    .isEqualTo(new PeerMessage.Dm("me", "id-1", "hello", "bob"));
        });
        assertThat(out.lines()).containsExactly("direct-sent bob [hello]");
        assertThat(sender.waiting()).isEqualTo(1);

        sender.acknowledged("id-1");
        assertThat(out.lines()).endsWith("info delivered to bob directly over UDP");
        assertThat(settled).isEqualTo(1);
        assertThat(sender.waiting()).isZero();
        assertThat(timers.pending()).as("no retry after the acknowledgement").isEmpty();

        sender.acknowledged("id-1");
        sender.acknowledged("someone-elses");
        assertThat(settled).as("a late or stray acknowledgement settles nothing").isEqualTo(1);
    }

    @Test
    void triesAgainAfterEachWaitThenGoesThroughTheServerUnderTheSameId() {
        sender.send(BOB, " hello");
        assertThat(timers.runNext()).isEqualTo(Duration.ofSeconds(1));
        assertThat(timers.runNext()).isEqualTo(Duration.ofSeconds(2));
        assertThat(datagrams).hasSize(3);
        assertThat(datagrams).allSatisfy(d -> assertThat(d.bytes()).isEqualTo(datagrams.get(0).bytes()));
        assertThat(whispers).isEmpty();
        assertThat(sender.waiting()).isEqualTo(1);

        assertThat(timers.runNext()).isEqualTo(Duration.ofSeconds(3));
        assertThat(whispers).containsExactly(new Whisper("id-1", "bob", "hello"));
        assertThat(out.lines()).endsWith("info bob did not acknowledge over UDP after 3 tries; sent through the server instead");
        assertThat(sender.waiting()).isZero();
        assertThat(timers.pending()).isEmpty();
        assertThat(settled).as("the whisper is owed to the server now").isZero();
    }

    @Test
    void anAcknowledgementOfARetryStopsTheRetries() {
        sender.send(BOB, " hello");
        timers.runNext();
        sender.acknowledged("id-1");
        assertThat(timers.pending()).isEmpty();
        timers.advance(Duration.ofMinutes(1));
        assertThat(datagrams).hasSize(2);
        assertThat(whispers).isEmpty();
        assertThat(settled).isEqualTo(1);
    }

    @Test
    void anAcknowledgementThatComesBackAtOnceIsNotMissed() {
        DirectSender[] self = new DirectSender[1];
        // The peer on loopback answers before the sender returns from sending.
        self[0] = new DirectSender(() -> "me", out, (to, bytes) -> self[0].acknowledged("id-1"), timers, 3,
                Duration::ofSeconds, () -> "id-1", (id, to, text) -> whispers.add(new Whisper(id, to, text)),
                () -> settled++);
        self[0].send(BOB, " hello");
        assertThat(settled).isEqualTo(1);
        timers.advance(Duration.ofMinutes(1));
        assertThat(whispers).isEmpty();
        assertThat(out.lines()).containsExactly("direct-sent bob [hello]", "info delivered to bob directly over UDP");
    }

    @Test
    void aPeerThatTakesNoDatagramsGetsItThroughTheServerAtOnce() {
        sender.send(new UserInfo("quiet", "10.0.0.4", 0, Wire.V2, Instant.EPOCH), " hi");
        sender.send(new UserInfo("odd", "somewhere", 4000, Wire.V2, Instant.EPOCH), " hi");
        assertThat(datagrams).isEmpty();
        assertThat(whispers).containsExactly(new Whisper("id-1", "quiet", "hi"), new Whisper("id-2", "odd", "hi"));
        assertThat(out.lines()).containsExactly("direct-sent quiet [hi]",
                "info quiet takes no direct messages; sent through the server", "direct-sent odd [hi]",
                "info odd takes no direct messages; sent through the server");
        assertThat(sender.waiting()).isZero();
    }

    @Test
    void aLabPeerGetsThePayloadAsTypedAndNoRetries() {
        UserInfo walt = new UserInfo("walt", "10.0.0.5", 5000, Wire.LAB, Instant.EPOCH);
        assertThat(sender.send(walt, " hi there")).isTrue();
        assertThat(datagrams).singleElement().satisfies(d -> {
            assertThat(d.to()).isEqualTo(new InetSocketAddress("10.0.0.5", 5000));
            assertThat(d.text()).isEqualTo(" hi there");
        });
        assertThat(out.lines()).containsExactly("direct-sent walt [ hi there]",
                "info sent to walt over UDP (a lab client: no acknowledgement)");
        assertThat(sender.waiting()).isZero();
        assertThat(timers.pending()).isEmpty();
        assertThat(ids).as("no id: nothing acknowledges it").isZero();
    }

    @Test
    void aLabPeerListedAtSomethingThatIsNotAnAddressIsRefused() {
        assertThat(sender.send(new UserInfo("walt", "nowhere", 5000, Wire.LAB, Instant.EPOCH), " hi")).isFalse();
        assertThat(datagrams).isEmpty();
        assertThat(out.lines()).containsExactly("problem the server lists walt at 'nowhere', not an IP address");
    }
}
