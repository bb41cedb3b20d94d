package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageDecoder;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.RawLineClient;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that stop reading, or read too little, in a room on real loopback sockets: everyone else keeps receiving
 * every message at once while the slow client is still connected, and the outbound limits cut it off
 * (docs/LIMITS.md, "Slow readers"). The talker waits for each message to reach both listeners before it sends the
 * next (lockstep), so "reached everyone else" is exact and the slow client's queue grows one message at a time.
 */
class SlowReaderTest {
    private static final Duration GRACE = Duration.ofSeconds(3);
    /** A message's text: relayed whole to a lab client (under the lab's 1024-byte read). */
    private static final int LINE_CHARS = 900;
    /** Lockstep messages at most before the slow client must have fallen behind: 18 MB, far past any buffer. */
    private static final int MAX_MESSAGES = 20_000;

    private final Cleanup cleanup = new Cleanup();
    private final ServerMessageDecoder decoder = new ServerMessageDecoder();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private static Limits limits() {
        return Limits.defaults().withMessagesPerSecond(1e9).withBurstMessages(1_000_000).withSlowReaderGrace(GRACE);
    }

    /** A talker (lab, line mode), a lab and a v2 listener that read everything, and the slow client. */
    private final class Room {
        final ServerFixture fixture;
        final RawLabClient slow;
        final RawLabClient talker;
        final RawLabClient labListener;
        final RawLineClient v2Listener;
        /** A v2 client that says something of its own, or null. */
        final RawLineClient writer;
        final List<String> said = new ArrayList<>();
        final int labBase;
        long labRelayBytes;

        Room(Limits limits) throws Exception {
            this(limits, false);
        }

        Room(Limits limits, boolean withWriter) throws Exception {
            fixture = cleanup.add(new ServerFixture(limits));
            int port = fixture.server.port();
            // A small receive buffer: the kernel holds little of what the slow client does not read.
            slow = cleanup.add(RawLabClient.connect(Ports.loopback(11), InetAddress.getLoopbackAddress(), port, 4096));
            slow.send("slow");
            slow.awaitContains("\"slow\"");
            talker = cleanup.add(fixture.connect(12));
            talker.send("talker\n"); // a newline-terminated name puts the connection in line mode, as nc does
            labListener = cleanup.add(fixture.connect(13));
            labListener.send("listener");
            v2Listener = cleanup.add(RawLineClient.connect(Ports.loopback(14), port));
            v2Listener.sendLine(hello("v2listener"));
            writer = withWriter ? cleanup.add(RawLineClient.connect(Ports.loopback(15), port)) : null;
            if (writer != null) {
                writer.sendLine(hello("writer"));
            }
            String last = writer == null ? "v2listener" : "writer";
            String newest = "\"" + last + "\"";
            Await.until("every client to know the whole room", () -> labListener.receivedText().contains(newest)
                    && slow.receivedText().contains(newest) && talker.receivedText().contains(newest)
                    && List.of("slow", "talker", "listener", last).stream().allMatch(name -> v2Listener.lines().stream()
                            .anyMatch(l -> l.contains("\"name\":\"" + name + "\""))));
            labBase = labListener.receivedBytes();
        }

        /** Says one more message and waits until both listeners have it. */
        void sayAndAwait() throws Exception {
            String text = String.format("m%06d ", said.size()) + "x".repeat(LINE_CHARS - 8);
            talker.send(text + "\n");
            said.add(text);
            labRelayBytes += LabFormat.relayBytes("talker", text).length;
            Await.until("message " + said.size() + " to reach both listeners", () -> received(),
                    got -> got == 2 * said.size());
        }

        private int received() {
            int lab = labListener.receivedBytes() - labBase >= labRelayBytes ? said.size() : 0;
            int v2 = (int) v2Listener.lines().stream().filter(l -> l.startsWith("{\"type\":\"message\"")).count();
            return lab + Math.min(v2, said.size());
        }

        boolean slowIsBehind() {
            return fixture.events.has("behind slow");
        }

        boolean slowLeft() {
            return fixture.events.lines().stream().anyMatch(l -> l.startsWith("leave slow:"));
        }

        /** Nothing lost, duplicated or reordered for anyone else: each listener got every message, byte for byte. */
        void assertEveryoneElseGotEverything() {
            StringBuilder expected = new StringBuilder();
            for (String text : said) {
                expected.append(new String(LabFormat.relayBytes("talker", text), StandardCharsets.UTF_8));
            }
            assertThat(LabServerCrowdTest.textOnly(labListener.receivedText())).isEqualTo(expected.toString());
            List<String> v2Texts = v2Listener.lines().stream().filter(l -> l.startsWith("{\"type\":\"message\""))
                    .map(l -> (ServerMessage.Message) decode(l)).peek(m -> assertThat(m.from()).isEqualTo("talker"))
                    .map(ServerMessage.Message::text).toList();
            assertThat(v2Texts).containsExactlyElementsOf(said);
            Await.until("the listeners to learn that slow left", () -> !LabServerCrowdTest.lastMap(
                    labListener.receivedText()).containsKey("slow"));
        }
    }

    private static String hello(String name) {
        return "{\"type\":\"hello\",\"version\":2,\"name\":\"" + name + "\",\"client\":\"test\",\"udp_port\":0}";
    }

    private ServerMessage decode(String line) {
        try {
            return decoder.decode(line.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("undecodable line from the server: " + line, e);
        }
    }

    /** Talks until the slow client's queue has passed the soft limit. */
    private static void talkUntilSlowIsBehind(Room room, Runnable afterEachMessage) throws Exception {
        while (!room.slowIsBehind()) {
            assertThat(room.said).as("messages before the slow client fell behind").hasSizeLessThan(MAX_MESSAGES);
            assertThat(room.slowLeft()).as("cut off before it was ever behind: " + room.fixture.events.lines())
                    .isFalse();
            room.sayAndAwait();
            afterEachMessage.run();
        }
    }

    @Test
    void aReaderThatNeverReadsCostsTheOthersNothingAndIsCutOffWithinTheGrace() throws Exception {
        Room room = new Room(limits());
        room.slow.stopReading();

        talkUntilSlowIsBehind(room, () -> { });
        long behindAt = System.nanoTime();
        // Its queue is over the soft limit: the room goes on at once for everyone else, while it is still connected.
        room.sayAndAwait();
        assertThat(room.slowLeft()).as("still connected when the next message reached everyone else: "
                + room.fixture.events.lines()).isFalse();

        Await.until("the slow reader to be cut off within the grace", GRACE.plus(Await.DEFAULT_TIMEOUT),
                room::slowLeft);
        long cutOffAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - behindAt);
        assertThat(room.fixture.events.lines()).contains(
                "leave slow: " + SlowReaders.softLimitReason(Limits.DEFAULT_SOFT_OUTBOUND_BYTES, GRACE));
        System.out.printf("a reader that never reads: behind after %d messages, cut off %d ms after%n",
                room.said.size() - 1, cutOffAfterMillis);
        room.assertEveryoneElseGotEverything();
    }

    @Test
    void aReaderThatKeepsItsQueueUnderTheHardLimitIsCutOffByTheSoftLimit() throws Exception {
        Room room = new Room(limits());
        room.slow.stopReading();
        // It reads, but half of what the room sends it, until it is behind ...
        talkUntilSlowIsBehind(room, () -> room.slow.readMore(LINE_CHARS / 2));
        long behindAt = System.nanoTime();
        // ... and then, every half grace, as much as the room sent it meanwhile: its queue stays where it was, under
        // the hard limit, and never drains to half the soft limit. The talker goes on at a steady 100 messages/s.
        long sinceRead = 0;
        long lastRead = System.nanoTime();
        long readEveryNanos = GRACE.toNanos() / 2;
        int afterBehind = 0;
        while (!room.slowLeft()) {
            assertThat(System.nanoTime() - behindAt).as("cut off within the grace (and a generous margin)")
                    .isLessThan(GRACE.plus(Await.DEFAULT_TIMEOUT).toNanos());
            room.sayAndAwait();
            afterBehind++;
            sinceRead += LabFormat.relayBytes("talker", room.said.get(room.said.size() - 1)).length;
            if (System.nanoTime() - lastRead >= readEveryNanos) {
                room.slow.readMore((int) sinceRead);
                sinceRead = 0;
                lastRead = System.nanoTime();
            }
            Thread.sleep(10); // pacing the talker, not waiting for anything
        }
        assertThat(afterBehind).as("messages that reached everyone else while it was behind").isPositive();
        assertThat(room.fixture.events.lines()).contains(
                "leave slow: " + SlowReaders.softLimitReason(Limits.DEFAULT_SOFT_OUTBOUND_BYTES, GRACE));
        room.assertEveryoneElseGotEverything();
    }

    @Test
    void aReaderThatNeverReadsIsCutOffAtOnceWhenItsQueuePassesTheHardLimit() throws Exception {
        int hard = 1024 * 1024;
        Room room = new Room(limits().withSlowReaderGrace(Duration.ofMinutes(10)).withMaxOutboundBytes(hard));
        room.slow.stopReading();
        talkUntilSlowIsBehind(room, () -> { });
        while (!room.slowLeft()) {
            assertThat(room.said).as("messages until the slow client was cut off").hasSizeLessThan(MAX_MESSAGES);
            room.sayAndAwait();
        }
        assertThat(room.fixture.events.lines()).contains(
                "leave slow: " + SlowReaders.hardLimitReason(hard));
        room.assertEveryoneElseGotEverything();
    }

    @Test
    void aV2SendersAcknowledgementDoesNotWaitForAReaderThatIsBehind() throws Exception {
        Room room = new Room(limits(), true);
        RawLineClient writer = room.writer;
        room.slow.stopReading();
        talkUntilSlowIsBehind(room, () -> { });

        writer.sendLine("{\"type\":\"say\",\"id\":\"w1\",\"text\":\"hello\"}");
        writer.awaitLine("the ack of w1", l -> l.startsWith("{\"type\":\"ack\"") && l.contains("\"w1\""));

        assertThat(room.slowLeft()).as("acknowledged while the slow reader is still connected: "
                + room.fixture.events.lines()).isFalse();
        room.v2Listener.awaitLine("the writer's message", l -> l.contains("\"from\":\"writer\""));
    }
}
