package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.client.ClientConfig;
import chatlab.client.RecordingClientOutput;
import chatlab.client.V2ClientSession;
import chatlab.protocol.Limits;
import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A browser loses the network without a word (no close, no reset: a pulled cable, a phone out of signal) and gets it
 * back. The page notices the silence by the server's keepalive, says the server is away, keeps what is typed, comes
 * back (also while the server still holds its old connection, which it drops at its idle timeout), and every
 * message arrives once.
 */
class WebNetworkCutIT {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @Test
    void aPageThatLosesTheNetworkComesBackWithNothingLostOrDoubled() throws Exception {
        int port = Ports.freeForTcpAndUdp(Ports.loopback(101));
        // Short keepalive, so the cut shows within seconds: a ping after 1 s of silence, closed after 3 s.
        cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(port)
                .withLimits(Limits.defaults().withPingInterval(Duration.ofSeconds(1))
                        .withIdleTimeout(Duration.ofSeconds(3))), ServerEvents.NONE));
        CuttableProxy network = cleanup.add(new CuttableProxy(new InetSocketAddress("127.0.0.1", port)));
        // chatlab's own v2 client, which answers the server's pings (the keepalive is short here).
        RecordingClientOutput ottoOut = new RecordingClientOutput();
        V2ClientSession otto = cleanup.add(new V2ClientSession(ClientConfig.of("127.0.0.1").withPort(port)
                .withBindAddress(Optional.of(Ports.loopback(101))).withUdpPort(0), ottoOut));
        otto.start("otto");

        ChatPage page = new ChatPage(cleanup.add(new HeadlessChromium()))
                .open("http://127.0.0.1:" + network.port() + "/").join("nina", null).awaitJoined();
        page.type("before the cut");
        page.awaitEntry("the first line delivered", e -> e.text().equals("before the cut") && e.state().equals("acked"));

        page.awaitMembers("nina", "otto");

        // The network goes (the browser says so, as it does when the computer loses its link), and comes back
        // before the server has given up the old connection: the page's hello carries its session, so it takes its
        // name over from that connection at once (before sessions it was told the name was still held, and retried).
        network.cut();
        page.browser.script("window.dispatchEvent(new Event('offline'))");
        Await.until("the page to say the server is away", page::bannerShown);
        page.type("during the cut");
        otto.submit("while nina was away");
        network.restore();
        page.browser.script("window.dispatchEvent(new Event('online'))");
        Await.until("the page back", Duration.ofSeconds(45), () -> !page.bannerShown()
                && page.status().startsWith("Connected"));
        page.awaitEntry("the line typed during the cut delivered", e -> e.text().equals("during the cut")
                && e.state().equals("acked"));
        page.awaitMessage("otto", "while nina was away"); // replayed: said while nina was away
        Await.until("otto to get the line typed during the cut", () -> ottoOut.has("message nina [during the cut]"));
        assertThat(ottoOut.count("message nina [before the cut]")).isEqualTo(1);
        assertThat(ottoOut.count("message nina [during the cut]")).isEqualTo(1);
        assertThat(page.count("otto", "while nina was away")).isEqualTo(1);
    }
}
