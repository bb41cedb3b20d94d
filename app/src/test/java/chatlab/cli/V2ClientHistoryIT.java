package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.client.ClientConfig;
import chatlab.client.RecordingClientOutput;
import chatlab.client.V2ClientSession;
import chatlab.protocol.Limits;
import chatlab.server.ChatServer;
import chatlab.server.HistorySettings;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * chatlab's own client with a server that keeps history, on loopback sockets: a late joiner is shown the room's last
 * messages as history, never as new chat; {@code /history} pages back, older each time, to the beginning;
 * {@code /search} finds words newest first.
 */
class V2ClientHistoryIT {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private V2ClientSession client(int port, int octet, RecordingClientOutput out, String name, String room)
            throws Exception {
        V2ClientSession session = cleanup.add(new V2ClientSession(ClientConfig.of("127.0.0.1").withPort(port)
                .withBindAddress(Optional.of(Ports.loopback(octet))).withUdpPort(0).withRooms(List.of(room)), out));
        session.start(name);
        session.registered().get();
        return session;
    }

    /** The lines of {@code out} from the first that starts with {@code header} to the next that does not say "old". */
    private static List<String> page(RecordingClientOutput out, String header) {
        List<String> lines = out.lines();
        int start = lines.indexOf(header);
        assertThat(start).as("a page " + header + " in " + lines).isNotNegative();
        List<String> page = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && lines.get(i).startsWith("old "); i++) {
            page.add(lines.get(i));
        }
        assertThat(page).as("the page after " + header + " in " + lines).isNotEmpty();
        return page;
    }

    private static List<String> said(int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            lines.add("old alice [m" + i + (i % 10 == 0 ? " Zürich" : "") + "] " + i);
        }
        return lines;
    }

    @Test
    void aLateJoinerIsShownHistoryAndPagesBackAndSearches(@TempDir Path dir) throws Exception {
        int port = Ports.freeForTcpAndUdp();
        cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(port)
                .withLimits(Limits.defaults().withMessagesPerSecond(1000).withBurstMessages(1000))
                .withHistory(HistorySettings.in(dir)), ServerEvents.NONE));
        RecordingClientOutput aliceOut = new RecordingClientOutput();
        V2ClientSession alice = client(port, 161, aliceOut, "alice", "#dev");
        for (int i = 1; i <= 60; i++) {
            alice.submit("m" + i + (i % 10 == 0 ? " Zürich" : ""));
        }
        Await.until("alice's 60 lines stored and acknowledged", alice::unacknowledged, n -> n == 0);

        RecordingClientOutput bobOut = new RecordingClientOutput();
        V2ClientSession bob = client(port, 162, bobOut, "bob", "#DEV");
        Await.until("bob's page of the room's last 50", () -> bobOut.has("history JOIN #dev 50 more"));
        assertThat(page(bobOut, "history JOIN #dev 50 more")).isEqualTo(said(11, 60));

        bob.submit("/history 5");
        Await.until("the 5 before", () -> bobOut.has("history PAGE #dev 5 more"));
        assertThat(page(bobOut, "history PAGE #dev 5 more")).isEqualTo(said(6, 10));
        bob.submit("/history");
        Await.until("the rest, back to the beginning", () -> bobOut.has("history PAGE #dev 5"));
        assertThat(page(bobOut, "history PAGE #dev 5")).isEqualTo(said(1, 5));
        bob.submit("/history");
        Await.until("the beginning", () -> bobOut.has("info no older messages in #dev: that is the beginning of its history"));

        bob.submit("/search zurich");
        Await.until("the matches, newest first", () -> bobOut.has("history SEARCH #dev 6"));
        assertThat(page(bobOut, "history SEARCH #dev 6")).containsExactly("old alice [m60 Zürich] 60",
                "old alice [m50 Zürich] 50", "old alice [m40 Zürich] 40", "old alice [m30 Zürich] 30",
                "old alice [m20 Zürich] 20", "old alice [m10 Zürich] 10");

        // Live chat is chat; nothing of the log ever showed as a message said now.
        alice.submit("live now");
        Await.until("bob to get the live line", () -> bobOut.has("message alice [live now]"));
        assertThat(bobOut.lines()).filteredOn(l -> l.startsWith("message ")).containsExactly("message alice [live now]");
        assertThat(bob.refused()).isZero();
    }

    @Test
    void aServerWithoutHistorySaysSo() throws Exception {
        int port = Ports.freeForTcpAndUdp();
        cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(port)
                .withHistory(HistorySettings.off()), ServerEvents.NONE));
        RecordingClientOutput out = new RecordingClientOutput();
        V2ClientSession carol = client(port, 163, out, "carol", "#dev");
        carol.submit("/history");
        carol.submit("/search anything");
        assertThat(out.count("problem this server keeps no history")).isEqualTo(2);
        assertThat(carol.refused()).isEqualTo(2);
    }
}
