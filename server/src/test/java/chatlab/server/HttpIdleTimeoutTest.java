package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.server.web.WebConfig;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawHttp;
import chatlab.testkit.RawWebSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/LIMITS.md, *idle HTTP connection* ({@code --http-idle-timeout}): a browser's HTTP connection that asks for
 * nothing more is closed after the timeout, without a log line; its WebSocket, silent as long, is not.
 */
class HttpIdleTimeoutTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @Test
    void anIdleHttpConnectionIsClosedQuietlyAndTheWebSocketIsNot() throws Exception {
        ServerFixture fixture = cleanup.add(new ServerFixture(ServerFixture.config(Limits.defaults(), Duration.ZERO)
                .withWeb(WebConfig.defaults().withHttpIdleTimeout(Duration.ofMillis(300)))));
        int port = fixture.server.port();
        RawWebSocket web = cleanup.add(RawWebSocket.open(Ports.loopback(81), port, "/ws", "http://127.0.0.1:" + port));
        assertThat(web.handshake().status()).isEqualTo(101);

        try (Socket page = new Socket()) {
            page.bind(new InetSocketAddress(Ports.loopback(82), 0));
            page.connect(new InetSocketAddress(Ports.loopback(1), port));
            page.setSoTimeout(20_000);
            page.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(RawHttp.read(page.getInputStream(), false).status()).isEqualTo(200);
            long asked = System.nanoTime();
            // Keep-alive: the server would wait for the next request; the timeout ends it, with nothing more said.
            assertThat(page.getInputStream().readAllBytes()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }

        // The WebSocket, opened first and silent all along, is still served.
        web.sendText("{\"type\":\"hello\",\"version\":2,\"name\":\"browser\",\"client\":\"test\",\"udp_port\":0}");
        web.awaitTextContaining("\"type\":\"welcome\"");
        assertThat(web.ended()).isFalse();
        assertThat(fixture.events.lines()).noneMatch(l -> l.startsWith("disconnect"));
    }
}
