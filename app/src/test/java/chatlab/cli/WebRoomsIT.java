package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * Rooms in the web client, in headless Chromium: each browser sees the messages of its own rooms only, each room in
 * its own view with its members, topic and unread count; rooms are joined, made, switched (by click and by keyboard)
 * and left; the list of every room follows the server's.
 */
class WebRoomsIT {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private int server(int octet) throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(octet));
        cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(port), ServerEvents.NONE));
        return port;
    }

    private ChatPage browser(int port, String name) throws Exception {
        return ChatPage.joined(cleanup, port, name);
    }

    @Test
    void twoBrowsersInARoomEachAndOneTheyShareSeeOnlyTheirRoomsMessages() throws Exception {
        int port = server(101);
        ChatPage ann = browser(port, "ann");
        ChatPage ben = browser(port, "ben");

        // Each makes a room of its own; both join a shared one (ben spells it otherwise: the same room); both leave
        // the default room.
        ann.joinRoom("#red");
        ann.joinRoom("#shared");
        ben.joinRoom("#blue");
        ben.joinRoom("#SHARED");
        Await.until("ben in #shared as ann spelled it", ben::currentRoom, "#shared"::equals);
        ann.partRoom("#general");
        ben.partRoom("#general");
        assertThat(ann.myRooms()).containsExactly("#red", "#shared");
        assertThat(ben.myRooms()).containsExactly("#blue", "#shared");
        ann.awaitMembers("ann", "ben");
        Await.until("only ann and ben in #shared", ann::members, m -> m.size() == 2);

        // Each says something in its own room and in the shared one.
        ann.showRoom("#red").type("red only");
        ann.awaitEntry("ann's red line delivered", e -> e.text().equals("red only") && e.state().equals("acked"));
        ben.showRoom("#blue").type("blue only");
        ben.awaitEntry("ben's blue line delivered", e -> e.text().equals("blue only") && e.state().equals("acked"));
        ann.showRoom("#shared").type("shared by ann");
        ben.showRoom("#shared").type("shared by ben");
        ben.awaitMessage("ann", "shared by ann");
        ann.awaitMessage("ben", "shared by ben");
        ben.awaitEntry("ben's shared line delivered", e -> e.text().equals("shared by ben")
                && e.state().equals("acked"));

        assertThat(ann.said()).containsExactly("ann: shared by ann", "ben: shared by ben");
        assertThat(ben.said()).containsExactly("ann: shared by ann", "ben: shared by ben");
        ann.showRoom("#red");
        assertThat(ann.said()).containsExactly("ann: red only");
        assertThat(ann.members()).containsExactly("ann");
        ben.showRoom("#blue");
        assertThat(ben.said()).containsExactly("ben: blue only");
        assertThat(ben.members()).containsExactly("ben");

        // A line in a room not in view is counted as unread there, and marked when the room comes into view.
        ben.showRoom("#shared").type("while you look at red");
        Await.until("an unread line in ann's #shared", () -> ann.unread("#shared"), n -> n == 1L);
        assertThat(ann.said()).containsExactly("ann: red only");
        assertThat(ann.browser.driver.getTitle()).isEqualTo("(1) chatlab");
        ann.showRoom("#shared");
        assertThat(ann.unread("#shared")).isZero();
        assertThat(ann.browser.script("const d = document.querySelector('#messages > li.divider');"
                + "return d && d.nextElementSibling.querySelector('.text').textContent")).isEqualTo(
                "while you look at red");
        assertThat(ann.browser.driver.getTitle()).isEqualTo("chatlab");

        // The topic: set in one browser, shown in the other, and in both lists of rooms with the members.
        ann.element("edit-topic").click();
        ann.element("topic-input").sendKeys("release on friday", Keys.ENTER);
        Await.until("the topic in ben's #shared", ben::topic, "release on friday"::equals);
        ben.awaitEntry("the topic's notice", e -> e.kind().equals("notice")
                && e.text().equals("ann set the topic: release on friday"));
        for (ChatPage page : List.of(ann, ben)) {
            // The page's own rooms are live in the list; the others as the server last listed them: ask again.
            page.openRoomsPanel();
            page.element("refresh-rooms").click();
            Await.until("the list of rooms in " + page.status(), page::allRooms, list -> list.containsAll(List.of(
                    "#general 0 people", "#red 1 person", "#blue 1 person",
                    "#shared 2 people: release on friday")));
        }

        // Nobody saw another's room anywhere.
        for (ChatPage page : List.of(ann, ben)) {
            for (String room : page.myRooms()) {
                page.showRoom(room);
                assertThat(page.said()).as(room).noneMatch(line -> line.contains(
                        page == ann ? "blue only" : "red only"));
            }
        }
    }

    @Test
    void aKeyboardAloneJoinsSwitchesSetsTheTopicAndLeaves() throws Exception {
        int port = server(102);
        ChatPage kim = browser(port, "kim");
        Actions keys = new Actions(kim.browser.driver);
        // From the message box, Tab backwards reaches the join field of the rooms panel.
        for (int i = 0; i < 20 && !"room-name".equals(kim.activeId()); i++) {
            keys.keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        }
        assertThat(kim.activeId()).isEqualTo("room-name");
        keys.sendKeys("dev").sendKeys(Keys.ENTER).perform(); // '#' is added
        Await.until("kim in #dev", kim::currentRoom, "#dev"::equals);
        keys.sendKeys("#ops").sendKeys(Keys.ENTER).perform();
        Await.until("kim in #ops", kim::currentRoom, "#ops"::equals);
        assertThat(kim.myRooms()).containsExactly("#general", "#dev", "#ops");

        // Alt+Up and Alt+Down go through the rooms, wrapping around.
        keys.keyDown(Keys.ALT).sendKeys(Keys.ARROW_UP).keyUp(Keys.ALT).perform();
        Await.until("kim back in #dev", kim::currentRoom, "#dev"::equals);
        keys.keyDown(Keys.ALT).sendKeys(Keys.ARROW_DOWN).sendKeys(Keys.ARROW_DOWN).keyUp(Keys.ALT).perform();
        Await.until("kim in #general, round the end", kim::currentRoom, "#general"::equals);

        // A room's button, reached with Tab, shows it and puts the focus in the message box.
        kim.element("input").click();
        for (int i = 0; i < 20 && !"#ops".equals(kim.browser.script("const a = document.activeElement;"
                + "return a.matches('#my-rooms .room-name') ? a.closest('li').dataset.room : null")); i++) {
            keys.keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        }
        keys.sendKeys(Keys.ENTER).perform();
        Await.until("kim in #ops", kim::currentRoom, "#ops"::equals);
        assertThat(kim.activeId()).isEqualTo("input");
        keys.sendKeys("typed in ops").sendKeys(Keys.ENTER).perform();
        kim.awaitEntry("kim's line delivered", e -> e.text().equals("typed in ops") && e.state().equals("acked"));

        // The topic, by the command and by the form; Escape closes the form.
        keys.sendKeys("/topic on call this week").sendKeys(Keys.ENTER).perform();
        Await.until("the topic shown", kim::topic, "on call this week"::equals);
        kim.element("edit-topic").sendKeys(Keys.ENTER);
        assertThat(kim.activeId()).isEqualTo("topic-input");
        keys.sendKeys(Keys.ESCAPE).perform();
        assertThat(kim.activeId()).isEqualTo("edit-topic");
        assertThat(kim.element("topic-form").isDisplayed()).isFalse();

        // /part leaves the room in view; another of kim's rooms takes its place.
        kim.element("input").click();
        keys.sendKeys("/part").sendKeys(Keys.ENTER).perform();
        Await.until("#ops gone", kim::myRooms, list -> list.equals(List.of("#general", "#dev")));
        assertThat(kim.currentRoom()).isIn("#general", "#dev");
        keys.sendKeys("/join #OPS").sendKeys(Keys.ENTER).perform();
        Await.until("kim back in #ops", kim::currentRoom, "#ops"::equals);
        Await.until("an empty room keeps its topic", kim::topic, "on call this week"::equals);

        // A room's leave button, reached with Tab: the room goes, and the keyboard goes on from the message box.
        for (int i = 0; i < 20 && !"#dev".equals(kim.browser.script("const a = document.activeElement;"
                + "return a.matches('#my-rooms .part') ? a.closest('li').dataset.room : null")); i++) {
            keys.keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        }
        keys.sendKeys(Keys.ENTER).perform();
        Await.until("#dev gone", kim::myRooms, list -> list.equals(List.of("#general", "#ops")));
        Await.until("the focus in the message box", kim::activeId, "input"::equals);
    }
}
