package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.TcpQueues;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client the server refuses for good while its messages still arrive gets its last words (docs/LIMITS.md, *How a
 * refused connection is closed*). Closed at once with the client's bytes unread in its socket, the kernel resets the
 * connection, and a reset throws away what the server's socket had not sent yet: with a client that reads slowly,
 * the refusal itself. So the server ends its side (FIN), reads and drops what still comes, and closes when the client
 * does (or after {@link LingeringClose#LINGER}).
 */
class LingeringCloseTest {
    private static final int FLOOD_LIMIT = 20_000;

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @Test
    void aFloodingClientThatReadsSlowlyStillGetsTheRefusalThatClosesIt() throws Exception {
        // Every message after the hello is too fast; the 200th refusal in a row closes the connection. The refusals
        // (about 40 KB) fill the client's small receive buffer, so the last ones wait in the server's socket.
        ServerFixture fixture = cleanup.add(new ServerFixture(ServerFixture.config(Limits.defaults()
                .withMessagesPerSecond(0.001).withBurstMessages(1).withRateAbuseLimit(200), Duration.ZERO)));
        RawLabClient flooder = cleanup.add(RawLabClient.connect(Ports.loopback(11), InetAddress.getLoopbackAddress(),
                fixture.server.port(), 4096));
        flooder.send("{\"type\":\"hello\",\"version\":2,\"name\":\"flooder\"}\n");
        flooder.awaitContains("\"type\":\"welcome\"");
        flooder.stopReading();

        // It goes on sending after the refusal, as a flood does: the server has its bytes unread when it closes.
        AtomicBoolean stop = new AtomicBoolean();
        Thread flood = new Thread(() -> {
            try {
                for (int i = 0; i < FLOOD_LIMIT && !stop.get(); i++) {
                    flooder.send("{\"type\":\"say\",\"id\":\"f" + i + "\",\"text\":\"flood " + i + "\"}\n");
                }
            } catch (IOException closed) {
                // The server closed (or reset) the connection.
            }
        }, "flooder");
        flood.setDaemon(true);
        cleanup.add(() -> {
            stop.set(true);
            flood.join(Duration.ofSeconds(10).toMillis());
        });
        flood.start();

        Await.until("the server to refuse the flood for good",
                () -> fixture.events.has("leave flooder: 200 messages in a row refused"));
        InetSocketAddress local = flooder.localAddress();
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), fixture.server.port());
        Await.until("the refusal to wait in the server's socket for the client to read", () -> TcpQueues.of(server,
                local), q -> q.isEmpty() || q.get().sendQueue() > 0);
        flooder.resumeReading();

        flooder.awaitContains("\"code\":\"rate_abuse\"");
        flooder.awaitClosedByServer();
        assertThat(flooder.receivedText()).contains("\"code\":\"rate_abuse\"", "\"fatal\":true");
    }

    /**
     * A member refused for good leaves the room at once, while the server still lingers for its connection: the
     * others see it go and can take its name, nothing more is sent to it, the reason logged is the refusal's (once),
     * what it still sends is dropped, and nothing is taken for a bug.
     */
    @Test
    void aMemberRefusedForGoodLeavesTheRoomAtOnceWhileTheServerLingers() throws Exception {
        ServerFixture fixture = cleanup.add(new ServerFixture(ServerFixture.config(
                Limits.defaults().withMaxMessageBytes(16).withRateAbuseLimit(2), Duration.ZERO)));
        RawLabClient bob = cleanup.add(fixture.registered(12, "bob"));
        RawLabClient alice = cleanup.add(fixture.registered(11, "alice"));
        bob.awaitContains("\"alice\": \"127.0.0.11\"");

        alice.send("x".repeat(17));
        alice.awaitContains("over the limit of 16 bytes");
        alice.awaitReadByServer();
        alice.send("x".repeat(18));
        alice.awaitContains("2 messages in a row were refused; closing the connection ");
        alice.awaitClosedByServer(); // the server's FIN; alice does not close hers, so the server lingers
        long finSeen = System.nanoTime();
        bob.awaitEndsWith(RawLabClient.paddedMap("!{\"bob\": \"127.0.0.12\"}"));
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), fixture.server.port());
        if (TcpQueues.of(server, alice.localAddress()).isEmpty()) { // only a machine slow enough to take 2 s here
            assertThat(Duration.ofNanos(System.nanoTime() - finSeen)).as("alice left only when the linger ended")
                    .isGreaterThan(LingeringClose.LINGER.dividedBy(2));
        }
        String left = "leave alice: 2 messages in a row refused";
        assertThat(fixture.events.has(left)).isTrue();

        RawLabClient alice2 = cleanup.add(fixture.registered(14, "alice")); // her name is free again
        bob.awaitReadByServer();
        bob.send("still here");
        alice2.awaitEndsWith("bob: still here ");
        alice.send("and me?"); // read and dropped while the server lingers
        alice.close(); // the server, lingering for it, closes too

        Await.until("alice's first connection to close", () -> TcpQueues.of(server, alice.localAddress()).isEmpty());
        assertThat(fixture.events.lines()).noneMatch(l -> l.contains("internal") || l.contains("bug"))
                .doesNotContain("behind alice") // not a slow reader: nothing more is sent to her
                .filteredOn(l -> l.startsWith("leave alice") || l.startsWith("disconnected")).containsExactly(left);
        assertThat(alice.receivedText()).doesNotContain("still here").doesNotContain("failed on this connection");
        assertThat(bob.receivedText()).doesNotContain("and me?");
    }
}
