package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.client.SafeText;
import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLineClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * The page itself in headless Chromium: the console client's rule for showing text, the accessibility check
 * (axe-core), keyboard use alone, a phone-sized screen, and what an attacker's browser can do to the WebSocket (a
 * page of another site, an oversized message, a flood).
 */
class WebPageIT {
    /** axe-core 4.14.1, pinned (see its README beside it). */
    private static final String AXE = "/chatlab/cli/axe/axe.min.js";

    /** One browser for these tests (each opens its page afresh): starting Chromium is most of a test's time. */
    private static HeadlessChromium browser;

    private final Cleanup cleanup = new Cleanup();
    private final List<String> disconnects = new ArrayList<>();

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = new HeadlessChromium();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        browser.close();
    }

    @AfterEach
    void close() throws Exception {
        browser.driver.get("about:blank"); // the page and its WebSocket end before the server does
        cleanup.close();
    }

    private int server() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(95));
        ServerEvents events = new ServerEvents() {
            @Override
            public void disconnected(SocketAddress remote, String reason) {
                synchronized (disconnects) {
                    disconnects.add(reason);
                }
            }

            @Override
            public void left(String name, String address, String reason) {
                disconnected(null, name + ": " + reason);
            }
        };
        cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(port), events));
        return port;
    }

    private List<String> disconnects() {
        synchronized (disconnects) {
            return new ArrayList<>(disconnects);
        }
    }

    private ChatPage page(int port, int width, int height) {
        browser.driver.manage().window().setSize(new Dimension(width, height));
        return new ChatPage(browser).open("http://127.0.0.1:" + port + "/");
    }

    @Test
    void textIsShownByTheConsoleClientsRuleOnTheSameCases() throws Exception {
        int port = server();
        ChatPage page = page(port, 1100, 800);
        String json;
        try (InputStream in = WebPageIT.class.getResourceAsStream("/chatlab/client/safe-text-cases.json")) {
            assertThat(in).as("the shared cases from the client's tests").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // The cases go in as JSON text (lone surrogates survive that), are parsed and escaped in the page.
        @SuppressWarnings("unchecked")
        List<String> shown = (List<String>) page.browser.asyncScript(
                "const [json, done] = arguments;"
                        + "import('/js/safe-text.js').then(m => done(JSON.parse(json).map(c => m.escapeText(c.input))))"
                        + ".catch(e => done(['failed: ' + e]));", json);
        JsonNode cases = new ObjectMapper().readTree(json);
        assertThat(shown).hasSize(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            assertThat(shown.get(i)).as(c.get("why").textValue()).isEqualTo(c.get("shown").textValue())
                    .isEqualTo(SafeText.escape(c.get("input").textValue()));
        }
    }

    /** Runs axe-core on the page as it is; returns the serious and critical findings, described. */
    private List<String> seriousAccessibilityFindings(ChatPage page) throws IOException {
        String axe;
        try (InputStream in = WebPageIT.class.getResourceAsStream(AXE)) {
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        page.browser.script(axe + "\n;return true;");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) page.browser.asyncScript(
                "const done = arguments[0];"
                        + "axe.run(document, {resultTypes: ['violations']}).then(r => done({passed: r.passes.length,"
                        + "violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                        + "nodes: v.nodes.map(n => n.target.join(' ')).join(', ')}))}))"
                        + ".catch(e => done({passed: 0, violations: [{id: 'axe failed', impact: 'critical',"
                        + " help: String(e), nodes: ''}]}));");
        assertThat((Long) result.get("passed")).as("rules axe checked and found met").isGreaterThan(10L);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) result.get("violations");
        List<String> serious = new ArrayList<>();
        for (Map<String, Object> v : violations) {
            String described = v.get("impact") + " " + v.get("id") + ": " + v.get("help") + " at " + v.get("nodes");
            if ("serious".equals(v.get("impact")) || "critical".equals(v.get("impact"))) {
                serious.add(described);
            } else {
                System.out.println("axe (not serious): " + described);
            }
        }
        return serious;
    }

    @Test
    void axeFindsNothingSeriousOnTheLoginOrTheChatInTheLightOrOnAPhone() throws Exception {
        int port = server();
        RawLineClient other = RawV2User.join(cleanup, 96, port, "otto");
        for (int[] size : new int[][] {{1100, 800}, {375, 667}}) {
            ChatPage page = page(port, size[0], size[1]);
            assertThat(seriousAccessibilityFindings(page)).as("the login, " + size[0] + " px wide").isEmpty();
            page.join("anna" + size[0], null).awaitJoined();
            other.sendLine("{\"type\":\"say\",\"id\":\"o-" + size[0] + "\",\"text\":\"hi, see https://example.org\"}");
            page.awaitMessage("otto", "hi, see https://example.org");
            page.type("hello otto");
            page.type("@otto: directly");
            page.awaitEntry("the direct message delivered", e -> e.kind().equals("whisper")
                    && e.state().equals("acked"));
            assertThat(seriousAccessibilityFindings(page)).as("the chat, " + size[0] + " px wide").isEmpty();
            // Rooms: a second room with a topic, a line unread in the first, the list of every room, the topic form.
            page.joinRoom("#axe" + size[0]);
            page.type("/topic checked by axe");
            Await.until("the topic shown", page::topic, "checked by axe"::equals);
            other.sendLine("{\"type\":\"say\",\"id\":\"u-" + size[0] + "\",\"text\":\"unread in general\"}");
            Await.until("the unread mark", () -> page.unread("#general"), n -> n == 1L);
            Await.until("the list of rooms", page::allRooms,
                    l -> l.contains("#axe" + size[0] + " 1 person: checked by axe"));
            page.openRoomsPanel();
            page.element("edit-topic").click();
            assertThat(seriousAccessibilityFindings(page)).as("rooms, " + size[0] + " px wide").isEmpty();
            page.element("topic-cancel").click();
        }
    }

    @Test
    void aKeyboardAloneJoinsChatsAndWritesToSomeoneDirectly() throws Exception {
        int port = server();
        RawLineClient other = RawV2User.join(cleanup, 97, port, "otto");
        ChatPage page = page(port, 1100, 800);
        Actions keys = new Actions(page.browser.driver);
        Await.until("the name field to have the focus when the page opens", page::activeId, "name"::equals);
        keys.sendKeys("kim").sendKeys(Keys.TAB).perform();
        assertThat(page.activeId()).isEqualTo("password");
        keys.sendKeys(Keys.TAB).perform();
        assertThat(page.activeId()).isEqualTo("join");
        keys.sendKeys(Keys.ENTER).perform();
        page.awaitJoined();
        assertThat(page.activeId()).as("the message box has the focus once in").isEqualTo("input");
        keys.sendKeys("typed, not clicked").sendKeys(Keys.ENTER).perform();
        other.awaitLineContaining("\"text\":\"typed, not clicked\"");
        page.awaitMembers("kim", "otto");
        // Tab on from the message box: the send button, then the people; a name opens a direct message.
        for (int i = 0; i < 10 && !"otto".equals(page.browser.script(
                "return document.activeElement.closest('#members li')?.dataset.name")); i++) {
            keys.sendKeys(Keys.TAB).perform();
        }
        keys.sendKeys(Keys.ENTER).perform();
        assertThat(page.activeId()).isEqualTo("input");
        keys.sendKeys("for your eyes").sendKeys(Keys.ENTER).perform();
        other.awaitLine("kim's whisper", l -> l.contains("\"type\":\"whisper\",\"from\":\"kim\"")
                && l.contains("\"text\":\"for your eyes\""));
    }

    @Test
    void onAPhoneEverythingFitsTheWidthAndTheMessageBoxIsInView() throws Exception {
        int port = server();
        ChatPage page = page(port, 375, 667);
        page.join("pia", null).awaitJoined();
        page.type("a long word: " + "x".repeat(80));
        for (int i = 1; i <= 15; i++) {
            page.type("line " + i);
        }
        page.awaitEntry("the last line delivered", e -> e.text().equals("line 15") && e.state().equals("acked"));
        assertThat(page.browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no sideways scrolling").isEqualTo(true);
        assertThat(page.browser.script("const r = document.getElementById('input').getBoundingClientRect();"
                + "return r.top >= 0 && r.bottom <= window.innerHeight && r.width > 150")).isEqualTo(true);
        assertThat(page.browser.script("const r = document.getElementById('log').getBoundingClientRect();"
                + "return r.height > 150")).as("room for the conversation").isEqualTo(true);
        assertThat(page.browser.script("const log = document.getElementById('log');"
                + "return log.scrollHeight - log.scrollTop - log.clientHeight < 40")).as("kept at the newest line")
                .isEqualTo(true);

        // The rooms fold above the conversation, saying which room is in view; unfolded, they fit the width too, and
        // picking a room folds them again.
        assertThat(page.element("rooms-panel").getAttribute("open")).as("folded on a phone").isNull();
        assertThat(page.element("rooms-summary").getText()).isEqualTo("#general");
        page.browser.driver.findElement(org.openqa.selenium.By.cssSelector("#rooms-panel > summary")).click();
        assertThat(page.element("room-name").isDisplayed()).isTrue();
        assertThat(page.browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no sideways scrolling with the rooms open").isEqualTo(true);
        page.joinRoom("#a-long-room-name-on-a-phone");
        Await.until("the rooms folded once one is picked", () -> page.element("rooms-panel").getAttribute("open"),
                open -> open == null);
        page.type("in the new room");
        page.awaitEntry("the line delivered", e -> e.text().equals("in the new room") && e.state().equals("acked"));
        assertThat(page.browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no sideways scrolling in the new room").isEqualTo(true);
        assertThat(page.browser.script("const r = document.getElementById('input').getBoundingClientRect();"
                + "return r.top >= 0 && r.bottom <= window.innerHeight && r.width > 150")).isEqualTo(true);
    }

    @Test
    void aPageOfAnotherSiteCannotOpenTheWebSocket() throws Exception {
        int port = server();
        // Another site, on another port of the loopback: its page tries to join the chat from the user's browser.
        HttpServer evil = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        String page = "<!doctype html><title>evil</title><script>window.result = 'pending';"
                + "const s = new WebSocket('ws://127.0.0.1:" + port + "/ws');"
                + "s.onopen = () => { window.result = 'open'; s.send('{\"type\":\"hello\",\"version\":2,"
                + "\"name\":\"hijacked\",\"udp_port\":0}'); };"
                + "s.onclose = (e) => { if (window.result === 'pending') window.result = 'refused ' + e.code; };"
                + "</script>";
        evil.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        evil.start();
        cleanup.add((AutoCloseable) () -> evil.stop(0));
        String evilOrigin = "http://127.0.0.1:" + evil.getAddress().getPort();
        browser.driver.get(evilOrigin + "/");
        Await.until("the evil page's WebSocket to end", () -> String.valueOf(browser.script("return window.result"))
                .startsWith("refused"));
        assertThat(browser.script("return window.result")).isEqualTo("refused 1006");
        Await.until("the server to log the refusal", this::disconnects, d -> d.contains(
                "websocket refused: the origin \"" + evilOrigin + "\" is not allowed"));
        assertThat(disconnects()).noneMatch(d -> d.startsWith("hijacked"));
    }

    @Test
    void fromThePageAnOversizedMessageAndAFloodAreRefusedAsOnTcp() throws Exception {
        int port = server();
        ChatPage page = page(port, 1100, 800);
        // A script in the page (as an attacker who owns the browser) opens its own WebSocket to the server.
        Object code = page.browser.asyncScript(
                "const done = arguments[0]; const s = new WebSocket(`ws://${location.host}/ws`);"
                        + "s.onopen = () => { s.send(JSON.stringify({type: 'hello', version: 2, name: 'huge',"
                        + " udp_port: 0})); s.send(JSON.stringify({type: 'say', id: 'h-1', text: 'x'.repeat(20000)})); };"
                        + "s.onclose = (e) => done(e.code);");
        assertThat(code).isEqualTo(1009L);
        // Logged as a leave of huge, or as a disconnect when the close came before the room registered the name.
        Await.until("the reason in the log", this::disconnects, d -> d.stream().anyMatch(
                r -> r.endsWith("sent a websocket message over the line limit of 16384 bytes")));

        // 400 messages at once, each answered with an ack or an error: the burst (200, one of which the hello took) is
        // never refused, the rest is refused as over the rate (each with its id); refusals in a row, when 50 come
        // before the rate lets one through, close the connection for abuse (then the acks still owed are not sent).
        @SuppressWarnings("unchecked")
        Map<String, Object> flood = (Map<String, Object>) page.browser.asyncScript(
                "const done = arguments[0]; const s = new WebSocket(`ws://${location.host}/ws`);"
                        + "const seen = {acks: 0, rate_limited: 0, rate_abuse: 0, answered: 0, firstRefused: 400,"
                        + " close: 0};"
                        + "s.onopen = () => { s.send(JSON.stringify({type: 'hello', version: 2, name: 'flood',"
                        + " udp_port: 0}));"
                        + " for (let i = 0; i < 400; i++) s.send(JSON.stringify({type: 'say', id: 'f-' + i, text: 'f' + i})); };"
                        + "s.onmessage = (e) => { const m = JSON.parse(e.data);"
                        + " if (m.type === 'ack') { seen.acks++; seen.answered++; }"
                        + " if (m.type === 'error' && m.ref) { seen[m.code] = (seen[m.code] || 0) + 1; seen.answered++;"
                        + "  if (m.code === 'rate_limited') seen.firstRefused = Math.min(seen.firstRefused,"
                        + "   Number(m.ref.slice(2))); }"
                        + " if (seen.answered === 400) { s.close(); done(seen); } };"
                        + "s.onclose = (e) => { seen.close = e.code; done(seen); };");
        // The server's disconnect reasons in the message: this failed once in a full build (2026-12-07: close 1006
        // after 104 acks, no refusal), not again in 11 runs alone, also under CPU and disk load. They say who closed.
        assertThat((Long) flood.get("rate_limited")).as("refused over the rate: %s; the server's disconnects: %s",
                flood, disconnects()).isPositive();
        assertThat((Long) flood.get("firstRefused")).as("none of the burst refused: " + flood)
                .isGreaterThanOrEqualTo(199L);
        assertThat((Long) flood.get("acks")).as(flood.toString()).isPositive();
        assertThat((Long) flood.get("acks") + (Long) flood.get("rate_limited") + (Long) flood.get("rate_abuse"))
                .as("nothing but acks and rate refusals: " + flood).isEqualTo((Long) flood.get("answered"));
    }
}
