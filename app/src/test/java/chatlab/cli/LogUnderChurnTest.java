package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.server.ChatServer;
import chatlab.server.ConnectionLimits;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import chatlab.testkit.Await;
import chatlab.testkit.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Connection churn from one address: 2,000 connections, half registering and leaving, half refused for a bad name.
 * Without the log's limits every one costs two lines; with them, each kind of line from that address is written five
 * times and summarised once. Prints the bytes the real log configuration writes, for docs/LIMITS.md.
 */
class LogUnderChurnTest {
    private static final int CONNECTIONS = 2000;
    private static final InetAddress SOURCE = Ports.loopback(90);
    /** Long enough that the whole run is one window, so the count of lines does not depend on the machine's speed. */
    private static final Duration WINDOW = Duration.ofMinutes(10);

    /** The server's events to the log, and a count of connections ended (every connection ends in one of two events). */
    private record Run(List<String> messages, long bytes, double seconds) {
        String describe() {
            return String.format(Locale.ROOT, "%d lines, %d bytes in %.1f s: %.0f bytes/s, %.1f bytes per connection",
                    messages.size(), bytes, seconds, bytes / seconds, (double) bytes / CONNECTIONS);
        }
    }

    private static Run churn(LogLimits limits) throws Exception {
        AtomicInteger ended = new AtomicInteger();
        try (CapturedServerLog log = new CapturedServerLog()) {
            long start;
            try (LoggingServerEvents logging = new LoggingServerEvents(limits)) {
                ServerEvents events = new ServerEvents() {
                    @Override
                    public void joined(String name, String address) {
                        logging.joined(name, address);
                    }

                    @Override
                    public void left(String name, String address, String reason) {
                        logging.left(name, address, reason);
                        ended.incrementAndGet();
                    }

                    @Override
                    public void disconnected(SocketAddress remote, String reason) {
                        logging.disconnected(remote, reason);
                        ended.incrementAndGet();
                    }

                    @Override
                    public void refused(String who, String reason) {
                        logging.refused(who, reason);
                    }
                };
                // The per-address limits are lifted: this test is about the log, not about admission.
                try (ChatServer server = ChatServer.start(ServerConfig.defaults()
                        .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(0)
                        .withPresenceBatchWindow(Duration.ZERO)
                        .withConnectionLimits(ConnectionLimits.liftedPerAddress()), events)) {
                    start = System.nanoTime();
                    for (int i = 0; i < CONNECTIONS; i++) {
                        connectAndLeave(server.port(), i);
                    }
                    Await.until("every connection to have ended", ended::get, count -> count == CONNECTIONS);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Run(log.messages(), log.bytes(), seconds);
        }
    }

    /** Even: registers as churnN and closes once registered. Odd: a name with a colon, refused and closed. */
    private static void connectAndLeave(int port, int i) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(SOURCE, 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
            socket.setSoTimeout(20_000);
            boolean registers = i % 2 == 0;
            socket.getOutputStream().write((registers ? "churn" + i : "bad:" + i).getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            if (registers) {
                int read = in.read(new byte[4096]); // the user map: it is in the room
                assertThat(read).isPositive();
            } else {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("server: cannot register");
            }
        }
    }

    @Test
    void aChurnOfTwoThousandConnectionsFromOneAddressCostsTwentyLinesAndFourSummaries() throws Exception {
        Run before = churn(LogLimits.unlimited());
        Run after = churn(new LogLimits(LogLimits.DEFAULT_BURST, WINDOW, LogLimits.DEFAULT_MAX_LINES_PER_WINDOW));
        System.out.println("log under a churn of " + CONNECTIONS + " connections from one address, without limits: "
                + before.describe());
        System.out.println("log under a churn of " + CONNECTIONS + " connections from one address, with the defaults "
                + "(window " + WINDOW.toMinutes() + " min): " + after.describe());

        assertThat(before.messages()).hasSize(2 * CONNECTIONS);
        List<String> messages = after.messages();
        assertThat(messages).hasSize(4 * LogLimits.DEFAULT_BURST + 4);
        assertThat(messages.stream().filter(m -> m.startsWith("join churn"))).hasSize(5);
        assertThat(messages.stream().filter(m -> m.startsWith("leave churn"))).hasSize(5);
        assertThat(messages.stream().filter(m -> m.startsWith("refused /127.0.0.90:"))).hasSize(5);
        assertThat(messages.stream().filter(m -> m.startsWith("disconnect /127.0.0.90:"))).hasSize(5);
        assertThat(messages).contains("995 more joins from 127.0.0.90 in the last 600 s",
                "995 more leaves from 127.0.0.90 in the last 600 s",
                "995 more refusals from 127.0.0.90 in the last 600 s",
                "995 more disconnects from 127.0.0.90 in the last 600 s");
    }
}
