package chatlab.cli;

import chatlab.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/** The web client's page in one browser, as a user sees and uses it: the forms, the lines, the people, the banner. */
final class ChatPage {
    /** One line of the conversation as shown; {@code history}: marked as an earlier message. */
    record Entry(String kind, String from, String text, String state, String shown, boolean history) {}

    final HeadlessChromium browser;

    ChatPage(HeadlessChromium browser) {
        this.browser = browser;
    }

    /** A browser of its own (closed by {@code cleanup}) on the server's page, joined as {@code name}, in #general. */
    static ChatPage joined(chatlab.testkit.Cleanup cleanup, int port, String name) throws java.io.IOException {
        ChatPage page = new ChatPage(cleanup.add(new HeadlessChromium())).open("http://127.0.0.1:" + port + "/");
        page.join(name, null).awaitJoined();
        Await.until(name + " in the default room", page::currentRoom, "#general"::equals);
        return page;
    }

    /** The id of the element that has the keyboard's focus ("" for none). */
    String activeId() {
        return String.valueOf(browser.script("return document.activeElement.id"));
    }

    ChatPage open(String url) {
        browser.driver.get(url);
        Await.until("the page's login form at " + url, () -> !browser.driver.findElements(By.id("name")).isEmpty()
                && Boolean.TRUE.equals(browser.script("return document.readyState === 'complete'")));
        return this;
    }

    WebElement element(String id) {
        return browser.driver.findElement(By.id(id));
    }

    /** Types the name (and password) and presses Enter, as a user would. */
    ChatPage join(String name, String password) {
        element("name").clear();
        element("name").sendKeys(name);
        element("password").clear();
        if (password != null) {
            element("password").sendKeys(password);
        }
        element("password").sendKeys(Keys.ENTER);
        return this;
    }

    ChatPage awaitJoined() {
        Await.until("the page to join", this::status, s -> s.startsWith("Connected as"));
        return this;
    }

    String status() {
        return element("status").getText();
    }

    String loginError() {
        return element("login-error").getText();
    }

    /** Types a line in the message box and presses Enter. */
    void type(String line) {
        WebElement input = element("input");
        input.sendKeys(line);
        input.sendKeys(Keys.ENTER);
    }

    @SuppressWarnings("unchecked")
    List<Entry> entries() {
        List<Map<String, Object>> raw = (List<Map<String, Object>>) browser.script(
                "return Array.from(document.querySelectorAll('#messages > li')).map(li => ({"
                        + "kind: li.dataset.kind, from: li.dataset.from || '', state: li.dataset.state || '',"
                        + "text: li.querySelector('.text') ? li.querySelector('.text').textContent : '',"
                        + "shown: li.textContent, history: li.dataset.history === 'true'}))");
        List<Entry> entries = new ArrayList<>();
        for (Map<String, Object> e : raw) {
            entries.add(new Entry((String) e.get("kind"), (String) e.get("from"), (String) e.get("text"),
                    (String) e.get("state"), (String) e.get("shown"), Boolean.TRUE.equals(e.get("history"))));
        }
        return entries;
    }

    Entry awaitEntry(String what, Predicate<Entry> matches) {
        Await.until(what, this::entries, list -> list.stream().anyMatch(matches));
        return entries().stream().filter(matches).findFirst().orElseThrow();
    }

    /** A message from {@code from} with exactly this text. */
    Entry awaitMessage(String from, String text) {
        return awaitEntry(from + ": " + text, e -> e.from().equals(from) && e.text().equals(text)
                && !e.kind().equals("notice"));
    }

    /** The messages and actions of the room in view, as "from: text", in the order shown. */
    List<String> said() {
        return entries().stream().filter(e -> e.kind().equals("message") || e.kind().equals("action"))
                .map(e -> e.from() + ": " + e.text()).toList();
    }

    long count(String from, String text) {
        return entries().stream().filter(e -> e.from().equals(from) && e.text().equals(text)).count();
    }

    @SuppressWarnings("unchecked")
    List<String> members() {
        return (List<String>) browser.script(
                "return Array.from(document.querySelectorAll('#members > li')).map(li => li.dataset.name)");
    }

    void awaitMembers(String... names) {
        Await.until("the people list to hold " + List.of(names), this::members,
                list -> list.containsAll(List.of(names)));
    }

    /** Types a room's name in the rooms panel's join form and presses Enter; waits until the room is in view. */
    ChatPage joinRoom(String room) {
        openRoomsPanel();
        element("room-name").sendKeys(room);
        element("room-name").sendKeys(Keys.ENTER);
        // The server may spell it otherwise (#Dev for #dev): as whoever made the room spelled it.
        Await.until("the page to show " + room, this::currentRoom, room::equalsIgnoreCase);
        return this;
    }

    /** Unfolds the rooms panel (folded on a phone). */
    void openRoomsPanel() {
        browser.script("document.getElementById('rooms-panel').open = true");
    }

    /** The room in view, as its heading names it. */
    String currentRoom() {
        return String.valueOf(browser.script("return document.getElementById('room-title').textContent"));
    }

    /** Clicks a room in the list of the user's rooms and waits until it is in view. */
    ChatPage showRoom(String room) {
        openRoomsPanel();
        myRoom(room).findElement(By.cssSelector(".room-name")).click();
        Await.until("the page to show " + room, this::currentRoom, room::equals);
        return this;
    }

    WebElement myRoom(String room) {
        return browser.driver.findElement(By.cssSelector("#my-rooms > li[data-room='" + room + "']"));
    }

    /** The user's rooms, in the list's order. */
    @SuppressWarnings("unchecked")
    List<String> myRooms() {
        return (List<String>) browser.script(
                "return Array.from(document.querySelectorAll('#my-rooms > li')).map(li => li.dataset.room)");
    }

    /** The unread count the list of the user's rooms shows for a room. */
    long unread(String room) {
        return Long.parseLong(myRoom(room).getAttribute("data-unread"));
    }

    /** Leaves a room with its button in the list and waits until it is gone from there. */
    void partRoom(String room) {
        openRoomsPanel();
        myRoom(room).findElement(By.cssSelector(".part")).click();
        Await.until(room + " gone from the list of rooms", this::myRooms, list -> !list.contains(room));
    }

    /** The topic line of the room in view. */
    String topic() {
        return element("topic").getText();
    }

    /** Every room as the rooms panel lists it: name, members and topic, as "#dev 2 people: topic". */
    @SuppressWarnings("unchecked")
    List<String> allRooms() {
        return (List<String>) browser.script("return Array.from(document.querySelectorAll('#all-rooms > li')).map(li =>"
                + " li.dataset.room + ' ' + li.querySelector('.count').textContent"
                + " + (li.querySelector('.room-topic').textContent ? ': ' + li.querySelector('.room-topic').textContent"
                + " : ''))");
    }

    boolean bannerShown() {
        return element("banner").isDisplayed();
    }

    String bannerText() {
        return String.valueOf(browser.script("return document.getElementById('banner-text').textContent"));
    }

    /** Whether a dialog (alert, confirm, prompt) is open: a script from a message would open one. */
    boolean alertOpen() {
        try {
            browser.driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    static Duration slow() {
        return Duration.ofSeconds(45);
    }
}
