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
    /** One line of the conversation as shown. */
    record Entry(String kind, String from, String text, String state, String shown) {}

    final HeadlessChromium browser;

    ChatPage(HeadlessChromium browser) {
        this.browser = browser;
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
                        + "shown: li.textContent}))");
        List<Entry> entries = new ArrayList<>();
        for (Map<String, Object> e : raw) {
            entries.add(new Entry((String) e.get("kind"), (String) e.get("from"), (String) e.get("text"),
                    (String) e.get("state"), (String) e.get("shown")));
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
