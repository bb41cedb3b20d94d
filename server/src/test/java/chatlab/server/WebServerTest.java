package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.server.web.SecurityHeaders;
import chatlab.server.web.WebConfig;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawHttp;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.RawLineClient;
import chatlab.testkit.RawWebSocket;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The web client's server side against the real server on the loopback, with scripted HTTP and WebSocket clients:
 * the files and their headers, the answers to what is not a file, and a browser's v2 session over a WebSocket with
 * its limits (origin, frame size, rate) and its place in the room beside TCP clients.
 */
class WebServerTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private ServerFixture server(Limits limits) throws Exception {
        return cleanup.add(new ServerFixture(limits));
    }

    private ServerFixture server() throws Exception {
        return server(Limits.defaults());
    }

    private static String origin(ServerFixture fixture) {
        return "http://127.0.0.1:" + fixture.server.port();
    }

    private RawWebSocket browser(ServerFixture fixture, int octet, String origin) throws Exception {
        return cleanup.add(RawWebSocket.open(Ports.loopback(octet), fixture.server.port(), "/ws", origin));
    }

    private static String hello(String name) {
        return "{\"type\":\"hello\",\"version\":2,\"name\":\"" + name + "\",\"client\":\"test\",\"udp_port\":0}";
    }

    private RawWebSocket joined(ServerFixture fixture, int octet, String name) throws Exception {
        RawWebSocket socket = browser(fixture, octet, origin(fixture));
        assertThat(socket.handshake().status()).isEqualTo(101);
        socket.sendText(hello(name));
        socket.awaitTextContaining("\"type\":\"welcome\"");
        return socket;
    }

    @Test
    void thePageComesWithItsTypeCachingAndSecurityHeaders() throws Exception {
        ServerFixture fixture = server();
        RawHttp.Response page = RawHttp.request(fixture.server.port(), "GET", "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(page.text()).contains("<script type=\"module\" src=\"/js/main.js\"></script>");
        assertThat(page.header("Content-Length")).isEqualTo(Integer.toString(page.body().length));
        assertThat(page.header("ETag")).matches("\"[A-Za-z0-9_-]{22}\"");
        assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(page.header("Content-Security-Policy")).isEqualTo(SecurityHeaders.CONTENT_SECURITY_POLICY)
                .contains("default-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Set-Cookie")).isNull();

        RawHttp.Response module = RawHttp.request(fixture.server.port(), "GET", "/js/session.js?v=1");
        assertThat(module.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(RawHttp.request(fixture.server.port(), "GET", "/css/chat.css").header("Content-Type"))
                .isEqualTo("text/css; charset=utf-8");
        assertThat(RawHttp.request(fixture.server.port(), "GET", "/favicon.svg").header("Content-Type"))
                .isEqualTo("image/svg+xml");
    }

    @Test
    void anUnchangedFileCostsA304AndNoBody() throws Exception {
        ServerFixture fixture = server();
        int port = fixture.server.port();
        String etag = RawHttp.request(port, "GET", "/js/main.js").header("ETag");
        RawHttp.Response again = RawHttp.request(port, "GET", "/js/main.js", "If-None-Match: \"other\", " + etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.header("ETag")).isEqualTo(etag);
        assertThat(again.header("Content-Security-Policy")).isNotNull();
        assertThat(RawHttp.request(port, "GET", "/js/main.js", "If-None-Match: \"changed\"").status()).isEqualTo(200);
    }

    @Test
    void textGoesGzippedToBrowsersThatTakeIt() throws Exception {
        ServerFixture fixture = server();
        int port = fixture.server.port();
        RawHttp.Response plain = RawHttp.request(port, "GET", "/js/session.js");
        RawHttp.Response zipped = RawHttp.request(port, "GET", "/js/session.js", "Accept-Encoding: gzip, deflate, br");
        assertThat(plain.header("Content-Encoding")).isNull();
        assertThat(zipped.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(zipped.header("Vary")).isEqualTo("accept-encoding");
        assertThat(zipped.header("ETag")).isNotEqualTo(plain.header("ETag"));
        assertThat(zipped.body().length).isLessThan(plain.body().length / 2);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
    }

    @Test
    void headSendsTheHeadersWithoutTheBody() throws Exception {
        ServerFixture fixture = server();
        RawHttp.Response head = RawHttp.request(fixture.server.port(), "HEAD", "/index.html");
        assertThat(head.status()).isEqualTo(200);
        assertThat(Integer.parseInt(head.header("Content-Length"))).isGreaterThan(500);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void whatIsNoFileGetsAShortAnswerWithTheSameHeaders() throws Exception {
        ServerFixture fixture = server();
        int port = fixture.server.port();
        RawHttp.Response missing = RawHttp.request(port, "GET", "/nope.html");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text()).isEqualTo("There is no such page here; the chat is at /.\n");
        assertThat(missing.header("Content-Security-Policy")).isEqualTo(SecurityHeaders.CONTENT_SECURITY_POLICY);
        assertThat(missing.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");

        RawHttp.Response post = RawHttp.request(port, "POST", "/", "Content-Length: 0");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
        assertThat(post.text()).isEqualTo("This server answers GET and HEAD only.\n");
        assertThat(RawHttp.request(port, "DELETE", "/index.html").status()).isEqualTo(405);

        RawHttp.Response notUpgraded = RawHttp.request(port, "GET", "/ws");
        assertThat(notUpgraded.status()).isEqualTo(426);
        assertThat(notUpgraded.header("Upgrade")).isEqualTo("websocket");
    }

    @Test
    void noPathReachesAnythingButThePagesFiles() throws Exception {
        ServerFixture fixture = server();
        int port = fixture.server.port();
        for (String path : List.of("/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/js/../../etc/passwd",
                "/..%2f..%2fetc%2fpasswd", "/chatlab/server/ChatServer.class", "/chatlab/web/index.html",
                "/META-INF/MANIFEST.MF", "/js/main.js/..", "//etc/passwd", "/%00", "/js/%6dain.js")) {
            RawHttp.Response response = RawHttp.exchange(port, ("GET " + path + " HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), false);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.text()).as(path).isEqualTo("There is no such page here; the chat is at /.\n");
        }
    }

    @Test
    void malformedAndOversizedRequestsAreRefused() throws Exception {
        ServerFixture fixture = server();
        int port = fixture.server.port();
        RawHttp.Response longLine = RawHttp.exchange(port, ("GET /" + "a".repeat(WebConfig.MAX_REQUEST_LINE_BYTES)
                + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), false);
        assertThat(longLine.status()).isEqualTo(414);
        RawHttp.Response hugeHeaders = RawHttp.exchange(port, ("GET / HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "b".repeat(WebConfig.MAX_HEADER_BYTES) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), false);
        assertThat(hugeHeaders.status()).isEqualTo(431);
        RawHttp.Response body = RawHttp.exchange(port, ("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
                .getBytes(StandardCharsets.ISO_8859_1), false);
        assertThat(body.status()).isEqualTo(413);
    }

    @Test
    void aBrowserOpensSixConnectionsAtOnceAndAllAreServed() throws Exception {
        // A page and its modules: a browser opens up to six connections to one server. The default limit on
        // unregistered connections per address (4) must not count them.
        ServerFixture fixture = server();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(Ports.loopback(31), 0));
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), fixture.server.port()));
                socket.setSoTimeout(20_000);
                sockets.add(socket);
                socket.getOutputStream().write("GET /js/main.js HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                assertThat(RawHttp.read(socket.getInputStream(), false).status()).as("connection " + i).isEqualTo(200);
            }
            for (Socket socket : sockets) { // kept alive: each takes another request
                socket.getOutputStream().write("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertThat(RawHttp.read(socket.getInputStream(), true).status()).isEqualTo(200);
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void sixConnectionsOpenedBeforeAnyRequestIsSentAreAllServed() throws Exception {
        // A browser may open its six connections before it writes a request on any of them (or the server may accept
        // them before it reads one): at accept they are six unregistered connections from one address, over the
        // limit of 4. The two over it are served when their first bytes show an HTTP request; a lab or v2 client
        // over the limit is still refused.
        ServerFixture fixture = server();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(Ports.loopback(32), 0));
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), fixture.server.port()));
                socket.setSoTimeout(20_000);
                sockets.add(socket);
            }
            Await.until("the first four to be counted in", () -> fixture.server.openConnections() == 4);
            for (Socket socket : sockets) {
                socket.getOutputStream().write("GET /js/main.js HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
            for (int i = 0; i < sockets.size(); i++) {
                assertThat(RawHttp.read(sockets.get(i).getInputStream(), false).status()).as("connection " + i)
                        .isEqualTo(200);
            }
            assertThat(fixture.server.openConnections()).isEqualTo(6);
            // Every one of them now counts as a browser's (registered), so a lab client from the address is let in...
            RawLabClient lab = cleanup.add(RawLabClient.connect(Ports.loopback(32), fixture.server.port()));
            lab.send("lab32");
            lab.awaitContains("\"lab32\"");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        // ...while lab connections over the limit are refused as before.
        List<RawLabClient> silent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            silent.add(cleanup.add(RawLabClient.connect(Ports.loopback(33), fixture.server.port())));
        }
        Await.until("the four silent ones to be counted in", () -> fixture.server.openConnections() >= 5);
        RawLabClient fifth = cleanup.add(RawLabClient.connect(Ports.loopback(33), fixture.server.port()));
        fifth.send("fifth");
        fifth.awaitClosedByServer();
        assertThat(fifth.receivedText()).contains("have not registered yet");
    }

    @Test
    void aServerThatStopsClosesABrowsersIdleConnectionWithoutAWord() throws Exception {
        ServerFixture fixture = server();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), fixture.server.port()));
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(RawHttp.read(socket.getInputStream(), false).status()).isEqualTo(200);
            fixture.server.close();
            // No lab notice (nor anything else that is not HTTP) on a connection that speaks HTTP: just the end.
            assertThat(socket.getInputStream().readAllBytes()).isEmpty();
        }
        assertThat(fixture.events.lines()).noneMatch(l -> l.contains("internal"));
    }

    @Test
    void aConnectionOverTheLimitsIsToldInHttp() throws Exception {
        ServerFixture fixture = server(Limits.defaults().withMaxConnections(1));
        try (RawLineClient holder = RawLineClient.connect(Ports.loopback(41), fixture.server.port())) {
            Await.until("the first connection to be counted", () -> fixture.server.openConnections() == 1);
            RawHttp.Response refused = RawHttp.request(fixture.server.port(), "GET", "/");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.text()).isEqualTo("The server is full (1 connections); try again later.\n");
            assertThat(refused.header("Retry-After")).isEqualTo("10");
        }
    }

    @Test
    void withTheWebOffAnHttpRequestIsALabName() throws Exception {
        ServerFixture fixture = cleanup.add(new ServerFixture(ServerFixture.config(Limits.defaults(),
                java.time.Duration.ZERO).withWeb(WebConfig.defaults().withEnabled(false))));
        RawLabClient client = cleanup.add(RawLabClient.connect(Ports.loopback(42), fixture.server.port()));
        client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        // As before the web client: the first line is a name (the lab wire's line mode), the rest its messages.
        client.awaitContains("!{\"GET / HTTP/1.1\": \"127.0.0.42\"}");
        assertThat(client.receivedText()).doesNotStartWith("HTTP/");
    }

    @Test
    void aBrowserChatsInTheRoomAsAV2UserBesideTcpClients() throws Exception {
        ServerFixture fixture = server();
        RawLabClient lab = cleanup.add(RawLabClient.connect(Ports.loopback(51), fixture.server.port()));
        lab.send("labby");
        lab.awaitContains("\"labby\": \"127.0.0.51\"");
        RawLineClient tcp = cleanup.add(RawLineClient.connect(Ports.loopback(52), fixture.server.port()));
        tcp.sendLine("{\"type\":\"hello\",\"version\":2,\"name\":\"tcpv2\",\"client\":\"test\",\"udp_port\":7000}");
        tcp.awaitLineContaining("\"type\":\"welcome\"");

        RawWebSocket web = joined(fixture, 53, "webby");
        String welcome = web.awaitTextContaining("\"type\":\"welcome\"");
        assertThat(welcome).contains("\"address\":\"127.0.0.53\"", "\"udp_port\":0", "\"max_line_bytes\":16384");
        // The others see the browser user with its address and UDP port 0: it takes direct messages through the
        // server only, and the lab client is told so, after its map.
        tcp.awaitLine("the presence naming webby", l -> l.contains("\"type\":\"presence\"")
                && l.contains("{\"name\":\"webby\",\"address\":\"127.0.0.53\",\"udp_port\":0,\"wire\":\"v2\""));
        lab.awaitContains("\"webby\": \"127.0.0.53\"");
        lab.awaitContains("server: webby is in a web browser and takes no direct messages: an @webby: message from "
                + "your client is lost; write in the room instead ");

        web.sendText("{\"type\":\"say\",\"id\":\"w-1\",\"text\":\"hello from a browser\"}");
        web.awaitText("the ack", t -> t.startsWith("{\"type\":\"ack\",\"id\":\"w-1\",\"seq\":"));
        tcp.awaitLine("webby's message", l -> l.contains("\"from\":\"webby\",\"text\":\"hello from a browser\"")
                && l.contains("\"wire\":\"v2\""));
        lab.awaitContains("webby: hello from a browser ");

        tcp.sendLine("{\"type\":\"whisper\",\"id\":\"t-1\",\"to\":\"webby\",\"text\":\"psst\"}");
        web.awaitText("the whisper", t -> t.startsWith("{\"type\":\"whisper\",\"from\":\"tcpv2\",\"id\":\"t-1\","
                + "\"text\":\"psst\""));
        lab.send("hi web");
        web.awaitText("the lab message", t -> t.contains("\"from\":\"labby\",\"text\":\"hi web\""));

        // Every server message is one WebSocket text message holding one JSON object, without its newline.
        assertThat(web.texts()).allSatisfy(text -> assertThat(text).startsWith("{").endsWith("}").doesNotContain("\n"));
        web.sendText("{\"type\":\"bye\"}");
        assertThat(web.awaitEnd()).isEqualTo(1000);
        Await.until("the leave logged", () -> fixture.events.has("leave webby: said bye"));
    }

    @Test
    void aPageFromAnotherSiteMayNotOpenTheWebSocket() throws Exception {
        ServerFixture fixture = server();
        RawWebSocket evil = browser(fixture, 61, "http://evil.example");
        assertThat(evil.handshake().status()).isEqualTo(403);
        assertThat(evil.handshake().text()).isEqualTo("Pages from another site may not open this chat's WebSocket.\n");
        Await.until("the refusal logged", () -> fixture.events.has(
                "disconnect: websocket refused: the origin \"http://evil.example\" is not allowed"));
        assertThat(browser(fixture, 62, "null").handshake().status()).isEqualTo(403);
        assertThat(browser(fixture, 63, "http://127.0.0.1:1").handshake().status()).isEqualTo(403);
        // The server's own page may, and so may a program that sends no origin at all.
        assertThat(browser(fixture, 64, origin(fixture)).handshake().status()).isEqualTo(101);
        assertThat(browser(fixture, 65, null).handshake().status()).isEqualTo(101);
    }

    @Test
    void anOriginAllowedByTheOperatorMayOpenIt() throws Exception {
        ServerFixture fixture = cleanup.add(new ServerFixture(ServerFixture.config(Limits.defaults(),
                java.time.Duration.ZERO).withWeb(WebConfig.defaults().withAllowedOrigins(List.of("https://chat.example.org")))));
        assertThat(browser(fixture, 66, "https://chat.example.org").handshake().status()).isEqualTo(101);
        assertThat(browser(fixture, 67, "https://other.example.org").handshake().status()).isEqualTo(403);
    }

    @Test
    void aMessageOverTheLineLimitEndsTheConnectionBeforeItsPayloadIsRead() throws Exception {
        ServerFixture fixture = server();
        RawWebSocket web = joined(fixture, 71, "bigmouth");
        web.sendHeaderOnly(RawWebSocket.TEXT, Limits.DEFAULT_MAX_LINE_BYTES + 1L);
        assertThat(web.awaitEnd()).isEqualTo(1009);
        Await.until("the reason logged", () -> fixture.events.has(
                "leave bigmouth: sent a websocket message over the line limit of 16384 bytes"));
    }

    @Test
    void aMessageOfFramesOverTheLineLimitEndsItToo() throws Exception {
        ServerFixture fixture = server();
        RawWebSocket web = joined(fixture, 72, "chunky");
        byte[] part = new byte[Limits.DEFAULT_MAX_LINE_BYTES / 2 + 1];
        java.util.Arrays.fill(part, (byte) 'x');
        web.sendFrame(RawWebSocket.TEXT, false, part);
        web.sendFrame(0x0, true, part); // a continuation: the two parts together pass the limit
        assertThat(web.awaitEnd()).isEqualTo(1009);
    }

    @Test
    void aMessageAtTheLimitIsStillTaken() throws Exception {
        ServerFixture fixture = server();
        RawWebSocket web = joined(fixture, 73, "exact");
        String prefix = "{\"type\":\"ping\",\"token\":\"";
        String token = "t".repeat(Limits.DEFAULT_MAX_LINE_BYTES - prefix.length() - 2);
        web.sendText(prefix + token + "\"}");
        web.awaitText("the pong", t -> t.startsWith("{\"type\":\"pong\""));
        assertThat(web.ended()).isFalse();
    }

    @Test
    void aFloodIsRateLimitedAsOnTcpThenClosedForAbuse() throws Exception {
        ServerFixture fixture = server(Limits.defaults().withMessagesPerSecond(0.001).withBurstMessages(3)
                .withRateAbuseLimit(10));
        RawWebSocket web = joined(fixture, 74, "flooder");
        for (int i = 1; i <= 40 && !web.ended(); i++) {
            try {
                web.sendText("{\"type\":\"say\",\"id\":\"f-" + i + "\",\"text\":\"flood " + i + "\"}");
            } catch (IOException e) {
                break; // the server closed the connection before this test's reader saw it: what is awaited below
            }
        }
        web.awaitText("a rate_limited error", t -> t.contains("\"code\":\"rate_limited\""));
        web.awaitText("the rate_abuse error", t -> t.contains("\"code\":\"rate_abuse\"") && t.contains("\"fatal\":true"));
        assertThat(web.awaitEnd()).isEqualTo(1000);
        assertThat(web.texts()).filteredOn(t -> t.startsWith("{\"type\":\"ack\"")).hasSizeLessThanOrEqualTo(2);
        Await.until("the abuse logged", () -> fixture.events.lines().stream()
                .anyMatch(l -> l.startsWith("leave flooder: ") && l.contains("messages in a row refused")));
    }

    @Test
    void aPingFloodGetsNoFloodOfPongs() throws Exception {
        ServerFixture fixture = server(Limits.defaults().withMessagesPerSecond(0.001).withBurstMessages(5));
        RawWebSocket web = joined(fixture, 75, "pinger");
        for (int i = 0; i < 50; i++) {
            web.sendFrame(RawWebSocket.PING, true, new byte[] {(byte) i});
        }
        // A v2 ping (from the session's own budget: hello took one of five) is answered after the pings were handled.
        web.sendText("{\"type\":\"ping\",\"token\":\"after\"}");
        web.awaitTextContaining("\"token\":\"after\"");
        assertThat(web.opcodes()).filteredOn(op -> op == RawWebSocket.PONG).hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void aBinaryMessageIsABadFrame() throws Exception {
        ServerFixture fixture = server();
        RawWebSocket web = joined(fixture, 76, "binary");
        web.sendFrame(RawWebSocket.BINARY, true, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
        String error = web.awaitTextContaining("\"code\":\"bad_frame\"");
        assertThat(error).contains("send each v2 message as one text message", "\"fatal\":false");
    }

    @Test
    void invalidUtf8EndsTheConnectionWith1007() throws Exception {
        ServerFixture fixture = server();
        RawWebSocket web = joined(fixture, 77, "mojibake");
        web.sendFrame(RawWebSocket.TEXT, true, new byte[] {'{', (byte) 0xC3, '}'});
        assertThat(web.awaitEnd()).isEqualTo(1007);
    }

    @Test
    void aBrowserThatNeverSaysHelloIsTimedOutAsOnTcp() throws Exception {
        ServerFixture fixture = server(Limits.defaults().withRegistrationTimeout(java.time.Duration.ofMillis(300)));
        RawWebSocket web = browser(fixture, 78, origin(fixture));
        assertThat(web.handshake().status()).isEqualTo(101);
        web.awaitTextContaining("\"code\":\"registration_timeout\"");
        assertThat(web.awaitEnd()).isEqualTo(1000);
    }
}
