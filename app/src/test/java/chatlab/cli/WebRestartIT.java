package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.ScriptedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server is killed (SIGKILL: no goodbye) under two browsers and started again: the pages say the server is
 * away, keep what is typed meanwhile, come back by themselves, and every message, acknowledged before the kill or
 * typed during it, arrives once: in one room with a new message log, and in two rooms with the log kept across the
 * restart (each room resumed where the page left off, and its history there for a newcomer).
 */
class WebRestartIT {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private ScriptedProcess startServer(int port) {
        return cleanup.add(ChatlabJar.startServer(port));
    }

    @Test
    void theBrowsersResumeWithNothingLostAndNothingTwice() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(99));
        ScriptedProcess first = startServer(port);
        // Said right after "listening", which is what the start waits for: wait for it rather than race it.
        first.awaitStderr("web client at http://127.0.0.1:" + port + "/");
        String url = "http://127.0.0.1:" + port + "/";
        ChatPage ann = new ChatPage(cleanup.add(new HeadlessChromium())).open(url).join("ann", null).awaitJoined();
        ChatPage ben = new ChatPage(cleanup.add(new HeadlessChromium())).open(url).join("ben", null).awaitJoined();
        ann.awaitMembers("ann", "ben");

        for (int i = 1; i <= 5; i++) {
            ann.type("m" + i);
        }
        Await.until("m1 to m5 acknowledged", () -> ann.entries().stream()
                .filter(e -> e.from().equals("ann") && e.state().equals("acked")).count() == 5);
        first.kill();
        Await.until("both pages to say the server is away", () -> ann.bannerShown() && ben.bannerShown());
        assertThat(ann.bannerText()).startsWith("The server is away. Trying again in ");

        for (int i = 6; i <= 8; i++) {
            ann.type("m" + i); // typed while the server is away: kept, marked as on its way
        }
        ben.type("b1");
        Await.until("the waiting messages counted", ann::bannerText, t -> t.contains("3 messages wait to be sent."));
        assertThat(ann.entries()).filteredOn(e -> e.text().equals("m7")).singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo("pending"));

        startServer(port);
        Await.until("both pages back", Duration.ofSeconds(45), () -> !ann.bannerShown() && !ben.bannerShown()
                && ann.status().startsWith("Connected") && ben.status().startsWith("Connected"));
        for (int i = 1; i <= 8; i++) {
            ben.awaitMessage("ann", "m" + i);
        }
        ann.awaitMessage("ben", "b1");
        Await.until("everything acknowledged", () -> ann.entries().stream()
                .filter(e -> e.from().equals("ann")).allMatch(e -> e.state().equals("acked")));
        for (int i = 1; i <= 8; i++) {
            assertThat(ben.count("ann", "m" + i)).as("times ben was shown m" + i).isEqualTo(1);
            assertThat(ann.count("ann", "m" + i)).as("times ann was shown her own m" + i).isEqualTo(1);
        }
        assertThat(ann.count("ben", "b1")).isEqualTo(1);
    }

    @TempDir
    Path data;

    @Test
    void inTwoRoomsWithTheLogKeptEachRoomResumesWhereItLeftOff() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(107));
        Map<String, String> env = Map.of("XDG_DATA_HOME", data.toString());
        String[] server = {"server", "--bind", "127.0.0.1", "--port", Integer.toString(port)};
        ScriptedProcess first = cleanup.add(ChatlabJar.start("server", env, server));
        first.awaitStderr("listening on");
        ChatPage ann = ChatPage.joined(cleanup, port, "ann");
        ChatPage ben = ChatPage.joined(cleanup, port, "ben");
        ann.joinRoom("#dev");
        ben.joinRoom("#dev");
        ann.awaitMembers("ann", "ben");
        for (String line : List.of("d1", "d2", "d3")) {
            ann.type(line);
        }
        ann.showRoom("#general").type("g1");
        Await.until("ann's lines acknowledged", () -> ann.entries().stream().anyMatch(e -> e.text().equals("g1")
                && e.state().equals("acked")));
        ben.awaitMessage("ann", "d3");

        first.kill();
        Await.until("both pages to say the server is away", () -> ann.bannerShown() && ben.bannerShown());
        ben.type("b-dev"); // in #dev, ben's room in view
        ann.type("g2"); // in #general
        cleanup.add(ChatlabJar.start("server", env, server)).awaitStderr("listening on");
        Await.until("both pages back", Duration.ofSeconds(45), () -> !ann.bannerShown() && !ben.bannerShown()
                && ann.status().startsWith("Connected") && ben.status().startsWith("Connected"));

        ben.showRoom("#general");
        ben.awaitMessage("ann", "g2");
        assertThat(ben.said()).containsExactly("ann: g1", "ann: g2");
        ben.showRoom("#dev");
        ben.awaitEntry("b-dev delivered", e -> e.text().equals("b-dev") && e.state().equals("acked"));
        assertThat(ben.said()).containsExactly("ann: d1", "ann: d2", "ann: d3", "ben: b-dev");
        ann.showRoom("#dev");
        ann.awaitMessage("ben", "b-dev");
        assertThat(ann.said()).containsExactly("ann: d1", "ann: d2", "ann: d3", "ben: b-dev");

        // Someone new after the restart: #dev's history, kept by the log.
        ChatPage cal = ChatPage.joined(cleanup, port, "cal");
        cal.joinRoom("#dev");
        Await.until("#dev's history", cal::said, l -> l.equals(List.of("ann: d1", "ann: d2", "ann: d3",
                "ben: b-dev")));
        assertThat(cal.entries()).filteredOn(e -> e.kind().equals("message")).allMatch(ChatPage.Entry::history);
    }

}
