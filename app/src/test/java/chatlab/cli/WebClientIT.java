package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.LabPrograms;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLineClient;
import chatlab.testkit.ScriptedProcess;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The web client in headless Chromium, in one room with every other kind of client: two browsers, chatlab's console
 * client (a process, v2) and the lab's own Python client (lab wire). Everyone reads everyone, both ways, and what a
 * message or a name holds is shown as text, never run.
 */
class WebClientIT {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private ChatServer server(int port) throws Exception {
        // The lab client listens for direct messages on the server's port (CHAT_PORT), so that is its UDP port.
        return cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(port).withLabUdpPort(port),
                ServerEvents.NONE));
    }

    private ChatPage browser(String url, String name) throws Exception {
        ChatPage page = new ChatPage(cleanup.add(new HeadlessChromium())).open(url);
        page.join(name, null).awaitJoined();
        return page;
    }

    @Test
    void twoBrowsersTheConsoleClientAndTheLabsClientTalkBothWays() throws Exception {
        InetAddress pyAddress = Ports.loopback(91);
        int port = Ports.freeForTcpAndUdp(pyAddress, Ports.loopback(92));
        server(port);
        String url = "http://127.0.0.1:" + port + "/";
        ChatPage ann = browser(url, "ann");
        ChatPage ben = browser(url, "ben");
        ScriptedProcess carol = cleanup.add(ChatlabJar.start("carol", "client", "--server", "127.0.0.1", "--port",
                Integer.toString(port), "--bind", "127.0.0.92", "--udp-port", "0", "--name", "carol"));
        ScriptedProcess py = cleanup.add(LabPrograms.startClient("py", "127.0.0.1", port, pyAddress));
        py.typeLine("py");
        ann.awaitMembers("ann", "ben", "carol", "py");
        ben.awaitMembers("ann", "ben", "carol", "py");

        // A browser to everyone: shown to the others as they show any message, and to ann as they see it, marked
        // delivered once the server acknowledged it.
        ann.type("hello from ann");
        ben.awaitMessage("ann", "hello from ann");
        carol.awaitStdout("ann: hello from ann");
        py.awaitStdout("incoming msg from chatserver (ann: hello from ann )");
        ann.awaitEntry("ann's own line delivered", e -> e.from().equals("ann") && e.text().equals("hello from ann")
                && e.state().equals("acked") && e.shown().contains("✓"));

        ben.type("/me waves");
        ann.awaitEntry("ben's action", e -> e.kind().equals("action") && e.shown().contains("* ben waves"));
        py.awaitStdout("incoming msg from chatserver (ben: * ben waves )");
        carol.awaitStdout("ben waves");

        // Everyone else to the browsers.
        carol.typeLine("from the console");
        ann.awaitMessage("carol", "from the console");
        ben.awaitMessage("carol", "from the console");
        py.typeLine("from python");
        ann.awaitMessage("py", "from python");
        Await.until("py's line marked as from the lab wire", () -> ben.entries().stream()
                .anyMatch(e -> e.from().equals("py") && e.shown().contains("(lab)")));

        // Direct messages: a browser has no UDP, so they go through the server both ways.
        ann.type("@ben: psst");
        ben.awaitEntry("ann's whisper", e -> e.kind().equals("whisper") && e.from().equals("ann")
                && e.text().equals("psst") && e.shown().contains("ann → you"));
        ann.awaitEntry("ann's whisper delivered", e -> e.kind().equals("whisper") && e.state().equals("acked"));
        carol.typeLine("@ann: from the console, directly");
        ann.awaitEntry("carol's whisper", e -> e.kind().equals("whisper") && e.from().equals("carol")
                && e.text().equals("from the console, directly"));
        carol.awaitStdout("ann takes no direct messages; sent through the server");
        ben.type("@carol: back to the console");
        carol.awaitStdout("back to the console");
        // The lab client cannot reach a browser over UDP, and the server told it so when it joined.
        py.awaitStdout("incoming msg from chatserver (server: ann, ben are in web browsers and take no direct "
                + "messages: @NAME: messages to them from your client are lost; write in the room instead )");

        // Each message once, in each browser; nothing was refused.
        assertThat(ben.count("ann", "hello from ann")).isEqualTo(1);
        assertThat(ann.count("carol", "from the console")).isEqualTo(1);
        assertThat(ann.entries()).noneMatch(e -> "failed".equals(e.state()));
        assertThat(py.stderr()).doesNotContain("Traceback");
    }

    @Test
    void htmlAndScriptInMessagesAndNamesAreShownAsText() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(93));
        server(port);
        String url = "http://127.0.0.1:" + port + "/";
        ChatPage ann = browser(url, "ann");
        // A name of HTML, from a raw v2 client: names may hold < and >.
        String evilName = "<img src=x onerror=alert(1)>";
        RawLineClient raw = RawV2User.join(cleanup, 93, port, evilName);
        ann.awaitMembers(evilName);

        String payload = "<script>alert('x')</script><img src=x onerror=\"alert('y')\"><b>bold</b>";
        raw.sendLine("{\"type\":\"say\",\"id\":\"r-1\",\"text\":\"" + payload.replace("\"", "\\\"") + "\"}");
        ChatPage.Entry shown = ann.awaitMessage(evilName, payload);
        assertThat(shown.shown()).contains(evilName + ": " + payload);
        ann.type(payload); // the user's own message, shown as the others see it
        ann.awaitEntry("ann's own HTML, delivered", e -> e.from().equals("ann") && e.text().equals(payload)
                && e.state().equals("acked"));
        raw.awaitLine("ann's HTML relayed unchanged", l -> l.contains("\"from\":\"ann\"")
                && l.contains("\"text\":\"<script>alert('x')</script><img src=x onerror=\\\"alert('y')\\\"><b>bold</b>\""));

        assertThat(ann.alertOpen()).as("a dialog opened: a script ran").isFalse();
        assertThat(ann.browser.script("return document.querySelectorAll("
                + "'#messages script, #messages img, #messages b, #members img').length")).isEqualTo(0L);
        assertThat(ann.browser.script("return document.querySelectorAll('script').length"))
                .as("only the page's own module").isEqualTo(1L);

        // Links: http and https only, away from the page; control and bidi characters escaped as the console shows them.
        raw.sendLine("{\"type\":\"say\",\"id\":\"r-2\",\"text\":\"see https://example.org/a?b=1&c=2, "
                + "javascript:alert(1) and exe.\u202Etxt\"}");
        ann.awaitEntry("the links line", e -> e.text().startsWith("see https://example.org/a?b=1&c=2"));
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> links = (List<java.util.Map<String, Object>>) ann.browser.script(
                "return Array.from(document.querySelectorAll('#messages a')).map(a => ({href: a.href, rel: a.rel,"
                        + " target: a.target, text: a.textContent}))");
        assertThat(links).hasSize(1);
        assertThat(links.get(0)).containsEntry("href", "https://example.org/a?b=1&c=2")
                .containsEntry("rel", "noopener noreferrer").containsEntry("target", "_blank")
                .containsEntry("text", "https://example.org/a?b=1&c=2");
        ann.awaitEntry("the bidi override escaped", e -> e.text().endsWith("javascript:alert(1) and exe.\\u202etxt"));
        assertThat(ann.alertOpen()).isFalse();
    }
}
