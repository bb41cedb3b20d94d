package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.protocol.lab.LabFormat;
import chatlab.testkit.Await;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.StartingGun;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Many clients at once: races for a name, join storms, and a slow reader among fast ones (more in SlowReaderTest). */
class LabServerCrowdTest {

    /** Connects {@code count} clients first, then releases them to send their names at the same moment. */
    private static List<RawLabClient> connectAndSendTogether(ServerFixture fixture, int count,
            java.util.function.IntFunction<String> nameOf) throws Exception {
        List<RawLabClient> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(RawLabClient.connect(Ports.loopback(20 + i % 200), fixture.server.port()));
        }
        StartingGun.fire(count, i -> clients.get(i).send(nameOf.apply(i)));
        return clients;
    }

    @Test
    void whenAHundredClientsRaceForOneNameExactlyOneGetsIt() throws Exception {
        try (ServerFixture fixture = new ServerFixture(Limits.defaults())) {
            List<RawLabClient> clients = connectAndSendTogether(fixture, 100, i -> "highlander");
            Await.until("99 refusals and one map", () -> clients.stream()
                    .filter(c -> c.closedByServer() && c.receivedText().contains("is taken")).count() == 99
                    && clients.stream().filter(c -> c.receivedText().startsWith("!{\"highlander\"")).count() == 1);
            RawLabClient winner = clients.stream().filter(c -> !c.closedByServer()).findFirst().orElseThrow();
            assertThat(winner.receivedText()).startsWith("!{\"highlander\": \"127.0.0.");
            assertThat(fixture.events.lines().stream().filter(l -> l.startsWith("join highlander"))).hasSize(1);
            for (RawLabClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void twoHundredClientsJoiningAtOnceAllEndWithTheFullIdenticalMap() throws Exception {
        try (ServerFixture fixture = new ServerFixture(Limits.defaults(), ServerConfig.DEFAULT_PRESENCE_BATCH_WINDOW)) {
            int count = 200;
            List<RawLabClient> clients = connectAndSendTogether(fixture, count, i -> "user" + i);
            Await.until("every client to hold a map of all " + count, () -> clients.stream()
                    .allMatch(c -> lastMap(c.receivedText()).size() == count));
            Map<String, String> reference = lastMap(clients.get(0).receivedText());
            for (RawLabClient client : clients) {
                assertThat(lastMap(client.receivedText())).containsExactlyEntriesOf(reference);
            }
            for (int i = 0; i < count; i++) {
                assertThat(reference).containsEntry("user" + i, "127.0.0." + (20 + i % 200));
            }
            for (RawLabClient client : clients) {
                client.close();
            }
        }
    }

    /**
     * A join storm of 500 costs one map per client per batch window, not one per join. Without batching the 500
     * joins would send sum over n of n maps of n entries: about 500^3/6 entries. This test records the bytes for
     * docs/LIMITS.md and checks they stay far below the unbatched cost.
     */
    @Test
    void aJoinStormOfFiveHundredIsBatched() throws Exception {
        java.time.Duration window = java.time.Duration.parse(
                System.getProperty("chatlab.presenceBatch", ServerConfig.DEFAULT_PRESENCE_BATCH_WINDOW.toString()));
        try (ServerFixture fixture = new ServerFixture(Limits.defaults(), window)) {
            int count = 500;
            List<RawLabClient> clients = connectAndSendTogether(fixture, count, i -> "user" + i);
            Await.until("every client to hold a map of all " + count, () -> clients.stream()
                    .allMatch(c -> lastMap(c.receivedText()).size() == count));
            long bytes = fixture.server.presenceBytesSent();
            Map<String, String> full = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                full.put("user" + i, "127.0.0." + (20 + i % 200));
            }
            long fullMapBytes = LabFormat.userMapBytes(full).length;
            long unbatched = 0;
            for (int n = 1; n <= count; n++) {
                unbatched += (long) n * (fullMapBytes * n / count);
            }
            System.out.printf("join storm (batch window %s): %d joins, %d presence bytes sent, %.1f full maps per client; "
                    + "one update per join would send about %d bytes%n",
                    window, count, bytes, bytes / (double) fullMapBytes / count, unbatched);
            assertThat(bytes).isLessThan(unbatched / 10);
            for (RawLabClient client : clients) {
                client.close();
            }
        }
    }

    /**
     * A flood through a room with a client that never reads: its queue passes the hard limit (--max-outbound-bytes)
     * and it is cut off at once, while the talker is never paused and the listener gets every byte.
     */
    /** How far behind the talker the listener of the flood below may fall: under the soft limit (256 KiB). */
    private static final long LISTENER_LAG_BYTES = 200_000;

    @Test
    void aClientThatStopsReadingIsCutOffWhileEveryoneElseKeepsReceiving() throws Exception {
        Limits limits = Limits.defaults().withMessagesPerSecond(1e9).withBurstMessages(1_000_000);
        try (ServerFixture fixture = new ServerFixture(limits)) {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            RawLabClient slow = RawLabClient.connect(Ports.loopback(11), loopback, fixture.server.port(), 4096);
            slow.send("slow");
            slow.awaitContains("\"slow\"");
            RawLabClient talker = fixture.connect(12);
            talker.send("talker\n"); // a newline-terminated name puts the connection in line mode, as nc does
            RawLabClient listener = fixture.connect(13);
            listener.send("listener");
            listener.awaitContains("\"listener\"");
            talker.awaitContains("\"listener\"");
            slow.stopReading();

            String line = "x".repeat(4000);
            int messages = 4000; // 16 MB: more than every socket buffer on the way plus the 4 MiB hard limit
            long expectedBytes = 0;
            for (int i = 0; i < messages; i++) {
                talker.send(line + "\n");
                expectedBytes += ("talker: " + line + " ").length();
                if (i % 50 == 49) {
                    // The listener is a thread of this test: on a busy machine it may not be scheduled for a while,
                    // and a listener far behind is (rightly) a slow reader too. Keep it within 200 KB of the talker
                    // (under the soft limit), as a reader that keeps up is; the client that stopped reading falls ever
                    // further behind.
                    long sentSoFar = expectedBytes;
                    Await.until("the listener to keep within 200 KB of the talker", () -> listener.receivedBytes()
                            >= sentSoFar - LISTENER_LAG_BYTES);
                }
            }
            long total = expectedBytes;
            // At full speed the queue passes the hard limit long before the soft limit's grace (5 s) ends.
            Await.until("the slow reader to be cut off", fixture.events::lines, lines -> lines.stream()
                    .anyMatch(l -> l.equals("leave slow: " + SlowReaders.hardLimitReason(Limits.DEFAULT_MAX_OUTBOUND_BYTES))));
            // Polled by its byte count: copying 16 MB at every poll would hold up the listener's own reading.
            Await.until("the listener to get all " + messages + " messages",
                    () -> listener.receivedBytes() + " bytes received; events " + fixture.events.lines(),
                    state -> listener.receivedBytes() >= total);
            Await.until("the last of the " + messages + " messages", () -> listener.receivedText().chars()
                    .filter(c -> c == 'x').count() == (long) messages * 4000);
            // Every byte arrives, in order, attributed to the talker. (How the lines are cut into relays can vary:
            // a line may be relayed in two parts when the talker pauses over 200 ms in its middle, as it can on a
            // loaded machine; the content never changes.)
            String relayed = textOnly(listener.receivedText());
            assertThat(relayed).startsWith("talker: ").endsWith(" ");
            String[] parts = relayed.substring("talker: ".length(), relayed.length() - 1).split(" talker: ", -1);
            String joined = String.join("", parts);
            assertThat(joined.length()).as("characters relayed; parts " + parts.length).isEqualTo(line.length() * messages);
            assertThat(joined).isEqualTo(line.repeat(messages));
            assertThat(parts.length).isGreaterThanOrEqualTo(messages);
            assertThat(relayed.length()).isGreaterThanOrEqualTo((int) total);
            Await.until("the listener to learn the slow reader left",
                    () -> lastMap(listener.receivedText()).keySet().equals(java.util.Set.of("talker", "listener")));
            slow.close();
            talker.close();
            listener.close();
        }
    }

    /** Everything but the user maps in a received stream. */
    static String textOnly(String stream) {
        StringBuilder text = new StringBuilder();
        byte[] bytes = stream.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        new chatlab.protocol.lab.LabServerStreamSplitter(1 << 24).feed(bytes, 0, bytes.length, event -> {
            if (event instanceof chatlab.protocol.lab.LabServerEvent.Text t) {
                text.append(t.text());
            }
        });
        return text.toString();
    }

    /** The last user map in a received stream (maps and relays are told apart by the splitter). */
    static Map<String, String> lastMap(String stream) {
        Map<String, String>[] last = new Map[] {Map.of()};
        byte[] bytes = stream.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        new chatlab.protocol.lab.LabServerStreamSplitter(1 << 24).feed(bytes, 0, bytes.length, event -> {
            if (event instanceof chatlab.protocol.lab.LabServerEvent.UserMap map) {
                last[0] = map.users();
            }
        });
        return last[0];
    }
}
