package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.server.ChatServer;
import chatlab.server.HistorySettings;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.LabPrograms;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLineClient;
import chatlab.testkit.ScriptedProcess;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * History in the web client, in headless Chromium, against a server that keeps its message log (docs/PROTOCOL.md,
 * *History*): a browser that joins late is shown the room's last messages, marked as earlier ones; scrolling to the
 * top (or the button there, from the keyboard) loads older pages, in order and each message once; each room shows its
 * own history, and a room left and joined again shows it afresh.
 */
class WebHistoryIT {
    /** The server's page sent on joining: its default, 50 messages. */
    private static final int ON_JOIN = HistorySettings.DEFAULT_ON_JOIN_MESSAGES;

    @TempDir
    Path data;

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private void server(int port) throws Exception {
        // The lab client listens for direct messages on the server's port (CHAT_PORT), so that is its UDP port.
        cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(port).withLabUdpPort(port)
                .withHistory(HistorySettings.in(data)), ServerEvents.NONE));
    }

    private ChatPage browser(int port, String name) throws Exception {
        return ChatPage.joined(cleanup, port, name);
    }

    private static void say(RawLineClient client, String id, String room, String text) throws Exception {
        client.sendLine("{\"type\":\"say\",\"id\":\"" + id + "\"" + (room == null ? "" : ",\"room\":\"" + room + "\"")
                + ",\"text\":\"" + text + "\"}");
    }

    @Test
    void aBrowserThatJoinsLateSeesTheHistoryAndScrollsBackForOlderMessages() throws Exception {
        InetAddress pyAddress = Ports.loopback(105);
        int port = Ports.freeForTcpAndUdp(pyAddress, Ports.loopback(104));
        server(port);
        ChatPage ann = browser(port, "ann");
        // 110 lines from a v2 client, one from the lab's Python client (no id: told apart by its seq), one from ann.
        RawLineClient otto = RawV2User.join(cleanup, 104, port, "otto");
        for (int i = 1; i <= 110; i++) {
            say(otto, "o-" + i, null, "line " + i);
        }
        ann.awaitMessage("otto", "line 110");
        ScriptedProcess py = cleanup.add(LabPrograms.startClient("py", "127.0.0.1", port, pyAddress));
        py.typeLine("py");
        ann.awaitMembers("ann", "otto", "py");
        py.typeLine("from the lab");
        ann.awaitMessage("py", "from the lab");
        ann.type("ann was here");
        ann.awaitEntry("ann's line delivered", e -> e.text().equals("ann was here") && e.state().equals("acked"));
        List<String> everything = new ArrayList<>(IntStream.rangeClosed(1, 110).mapToObj(i -> "otto: line " + i)
                .toList());
        everything.add("py: from the lab");
        everything.add("ann: ann was here");
        assertThat(ann.said()).containsExactlyElementsOf(everything);
        assertThat(ann.element("older").isDisplayed()).as("ann saw the room's whole life: nothing older").isFalse();

        // ben comes in late: the last 50, marked as earlier messages, a line below them, then ben's own arrival.
        ChatPage ben = browser(port, "ben");
        Await.until("the history on joining", ben::said, l -> l.size() == ON_JOIN);
        List<ChatPage.Entry> shown = ben.entries();
        assertThat(ben.said()).containsExactlyElementsOf(everything.subList(everything.size() - ON_JOIN,
                everything.size()));
        assertThat(shown.stream().filter(e -> e.kind().equals("message"))).allMatch(ChatPage.Entry::history);
        int mark = indexOfKind(shown, "mark");
        assertThat(mark).as("the line below the earlier messages").isEqualTo(ON_JOIN);
        assertThat(shown.get(mark).text()).isEqualTo("Earlier messages, from before you came in, are above this line.");
        assertThat(shown.subList(mark + 1, shown.size())).anyMatch(e -> e.kind().equals("notice")
                && e.text().equals("You are in #general."));
        // What is said now is not history.
        say(otto, "o-live", null, "live");
        ben.awaitMessage("otto", "live");
        assertThat(ben.entries().get(ben.entries().size() - 1).history()).isFalse();
        everything.add("otto: live");

        // Scrolling to the top loads the page before, above, and the reader's place stays where it was.
        assertThat(ben.element("older").isDisplayed()).isTrue();
        String firstShown = (String) ben.browser.script("return document.querySelector('#messages > li').dataset.key");
        ben.browser.script("document.getElementById('log').scrollTop = 0");
        Await.until("the page before", ben::said, l -> l.size() == 2 * ON_JOIN + 1);
        assertThat(ben.said()).containsExactlyElementsOf(everything.subList(everything.size() - 2 * ON_JOIN - 1,
                everything.size()));
        assertThat(ben.browser.script("const log = document.getElementById('log');"
                + "const item = document.querySelector(`[data-key=\"${arguments[0]}\"]`);"
                + "return item.offsetTop >= log.scrollTop - 5 && log.scrollTop > 0", firstShown))
                .as("the message that was at the top is still in view, not pushed out by the older ones")
                .isEqualTo(true);

        // The keyboard: back from the message box to the button at the top, Enter for the rest.
        Actions keys = new Actions(ben.browser.driver);
        ben.element("input").click();
        for (int i = 0; i < 10 && !"older".equals(ben.activeId()); i++) {
            keys.keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        }
        assertThat(ben.activeId()).as(() -> "the focus on " + ben.browser.script(
                "return document.activeElement.outerHTML.slice(0, 200) + ' older hidden: '"
                + " + document.getElementById('older').hidden") + ", messages shown: " + ben.said().size())
                .isEqualTo("older");
        keys.sendKeys(Keys.ENTER).perform();
        Await.until("the beginning", () -> ben.element("log-start").getText(),
                t -> t.equals("The beginning of what the server keeps of #general."));
        assertThat(ben.said()).as("every message once, in order").containsExactlyElementsOf(everything);
        assertThat(ben.element("older").isDisplayed()).isFalse();
        assertThat(ben.entries().stream().filter(e -> e.kind().equals("message") && !e.text().equals("live")))
                .allMatch(ChatPage.Entry::history);
    }

    @Test
    void eachRoomShowsItsOwnHistoryAndARoomJoinedAgainShowsItAfresh() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(106));
        server(port);
        ChatPage ann = browser(port, "ann");
        ann.joinRoom("#dev");
        ann.type("dev one");
        ann.type("dev two");
        ann.awaitEntry("dev two delivered", e -> e.text().equals("dev two") && e.state().equals("acked"));
        ann.showRoom("#general").type("general one");
        ann.awaitEntry("general one delivered", e -> e.text().equals("general one") && e.state().equals("acked"));

        ChatPage ben = browser(port, "ben");
        Await.until("#general's history", ben::said, l -> l.equals(List.of("ann: general one")));
        ben.joinRoom("#dev");
        Await.until("#dev's history", ben::said, l -> l.equals(List.of("ann: dev one", "ann: dev two")));
        ben.showRoom("#general");
        assertThat(ben.said()).containsExactly("ann: general one");
        ben.showRoom("#dev");
        assertThat(ben.said()).containsExactly("ann: dev one", "ann: dev two");
        assertThat(ben.entries()).filteredOn(e -> e.kind().equals("message")).allMatch(ChatPage.Entry::history);
        assertThat(ben.element("log-start").getText()).isEqualTo("The beginning of what the server keeps of #dev.");

        // Left and joined again: the page forgot the room, the server's history brings it back, once.
        ben.partRoom("#dev");
        ann.showRoom("#dev").type("while ben was away");
        ann.awaitEntry("delivered", e -> e.text().equals("while ben was away") && e.state().equals("acked"));
        ben.joinRoom("#dev");
        Await.until("#dev's history again", ben::said,
                l -> l.equals(List.of("ann: dev one", "ann: dev two", "ann: while ben was away")));
    }

    private static int indexOfKind(List<ChatPage.Entry> entries, String kind) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).kind().equals(kind)) {
                return i;
            }
        }
        return -1;
    }
}
