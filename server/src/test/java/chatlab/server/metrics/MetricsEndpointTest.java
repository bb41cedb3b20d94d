package chatlab.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.server.PortInUseException;
import chatlab.testkit.RawHttp;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The endpoint answers GET and HEAD of /metrics and nothing else; a port in use fails its start. */
class MetricsEndpointTest {
    private static final InetSocketAddress ANY_LOOPBACK_PORT =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void servesTheBodyAtMetricsAndOnlyThere() throws Exception {
        AtomicInteger scrapes = new AtomicInteger();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(ANY_LOOPBACK_PORT,
                () -> CompletableFuture.completedFuture("x_total " + scrapes.incrementAndGet() + "\n"))) {
            int port = endpoint.address().getPort();
            RawHttp.Response ok = RawHttp.request(port, "GET", "/metrics?name[]=x");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
            assertThat(ok.text()).isEqualTo("x_total 1\n");
            RawHttp.Response head = RawHttp.request(port, "HEAD", "/metrics");
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            RawHttp.Response elsewhere = RawHttp.request(port, "GET", "/");
            assertThat(elsewhere.status()).isEqualTo(404);
            assertThat(elsewhere.text()).isEqualTo("the metrics are at /metrics\n");
            RawHttp.Response post = RawHttp.request(port, "POST", "/metrics", "Content-Length: 0");
            assertThat(post.status()).isEqualTo(405);
            assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
            assertThat(scrapes).hasValue(2); // the GET and the HEAD
        }
    }

    @Test
    void anOversizedRequestIsRefusedAndClosed() throws Exception {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(ANY_LOOPBACK_PORT,
                () -> CompletableFuture.completedFuture("x_total 1\n"))) {
            RawHttp.Response response = RawHttp.request(endpoint.address().getPort(), "GET",
                    "/metrics?" + "a".repeat(MetricsEndpoint.MAX_REQUEST_BYTES));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("Connection")).isEqualTo("close");
        }
    }

    @Test
    void aFailedScrapeIsUnavailableWithItsReason() throws Exception {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(ANY_LOOPBACK_PORT,
                () -> CompletableFuture.failedFuture(new IllegalStateException("the chat server is starting")))) {
            RawHttp.Response response = RawHttp.request(endpoint.address().getPort(), "GET", "/metrics");
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.text()).isEqualTo("the chat server is starting\n");
        }
    }

    @Test
    void aPortInUseFailsTheStart() throws Exception {
        try (MetricsEndpoint first = MetricsEndpoint.start(ANY_LOOPBACK_PORT,
                () -> CompletableFuture.completedFuture(""))) {
            assertThatThrownBy(() -> MetricsEndpoint.start(first.address(), () -> CompletableFuture.completedFuture("")))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + first.address().getPort()
                            + ": the port is already in use");
        }
    }
}
