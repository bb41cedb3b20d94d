package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLineClient;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Connections that send the start of a v2 line and wait: each must cost what it sent, not the 64 KiB buffer the
 * server reads into. Measured with the buffer allocator's own count of the memory it holds (deterministic, unlike
 * the heap or the resident size), before, while 2,000 such connections wait, and after they close.
 */
class HalfSentLinesTest {
    private static final int CONNECTIONS = 2_000;
    /** What a lab connection may hold for its unfinished message (the message limit, 4 KiB). */
    private static final long LAB_CONNECTION_BYTES = Limits.DEFAULT_MAX_MESSAGE_BYTES;

    @Test
    void twoThousandHalfSentV2LinesHoldNoReadBuffersAndLeaveNothingBehind() throws Exception {
        ByteBufAllocatorMetric allocator = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        try (Cleanup cleanup = new Cleanup();
                ServerFixture fixture = new ServerFixture(ServerFixture.config(Limits.defaults()
                        .withMaxConnectionsPerAddress(CONNECTIONS + 10).withMaxConnections(CONNECTIONS + 10),
                        java.time.Duration.ZERO).withConnectionLimits(ConnectionLimits.liftedPerAddress()))) {
            RawLineClient probe = cleanup.add(RawLineClient.connect(Ports.loopback(20), fixture.server.port()));
            roundTrip(probe, "before");
            long before = used(allocator);

            List<Socket> halfSent = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket socket = cleanup.add(new Socket());
                socket.bind(new InetSocketAddress(Ports.loopback(21 + i % 16), 0));
                socket.connect(new InetSocketAddress(Ports.loopback(1), fixture.server.port()), 10_000);
                OutputStream out = socket.getOutputStream();
                out.write("{\"".getBytes(StandardCharsets.UTF_8));
                out.flush();
                halfSent.add(socket);
            }
            Await.until("the server to accept them all", () -> fixture.server.openConnections() == CONNECTIONS + 1);
            // The probe's line arrived after every half line: once it is answered, the server has read them all
            // (one event loop, which takes ready connections in the order their data came).
            roundTrip(probe, "while");
            long held = used(allocator) - before;
            System.out.printf("%d half-sent v2 lines: the allocator holds %d bytes more (%d per connection)%n",
                    CONNECTIONS, held, held / CONNECTIONS);
            assertThat(held / CONNECTIONS).as("allocator bytes held per half-sent line")
                    .isLessThan(LAB_CONNECTION_BYTES);

            for (Socket socket : halfSent) {
                socket.close();
            }
            Await.until("the server to close them all", () -> fixture.server.openConnections() == 1);
            roundTrip(probe, "after");
            long left = used(allocator) - before;
            System.out.printf("after they closed: %d bytes more than before%n", left);
            assertThat(left / CONNECTIONS).as("allocator bytes left per closed connection")
                    .isLessThan(LAB_CONNECTION_BYTES / 4);
        }
    }

    private static long used(ByteBufAllocatorMetric allocator) {
        return allocator.usedDirectMemory() + allocator.usedHeapMemory();
    }

    private static void roundTrip(RawLineClient probe, String token) throws Exception {
        probe.sendLine("{\"type\":\"ping\",\"token\":\"" + token + "\"}");
        probe.awaitLineContaining("\"token\":\"" + token + "\"");
    }
}
