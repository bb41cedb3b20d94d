package chatlab.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import chatlab.bench.BenchScenario;
import chatlab.bench.LoadGenerator;
import chatlab.bench.report.BenchTextReport;
import chatlab.bench.report.JsonReport;
import chatlab.bench.scenario.BenchRun;
import chatlab.bench.server.ProcFiles;
import chatlab.bench.server.ServerProbe;
import chatlab.bench.server.SpawnedServer;
import chatlab.protocol.Limits;
import chatlab.protocol.v2.Wire;
import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code --generator c}: the fanout run by labload.c (compiled here), against chatlab in this JVM, the lab's Python
 * server and the C reference server, and against a lab server of this test's own that loses, repeats and merges
 * messages on purpose, so the counts are shown to catch what they name. Counts only, never speeds.
 *
 * <p>The lab wire has no delimiter: a server takes whatever one read returns as one message, so two sends of one
 * sender that wait in its socket together are relayed as one ("merged"), and a read of 1024 bytes may cut one. In
 * the open loop that happens whenever a server pauses longer than a sender's interval, which a busy machine does
 * (a JVM warming up, another build): the count then says how the machine was, not what the server does. So the open
 * loop's own accounting runs against this test's server, which takes each send as the message it is however the
 * reads fall, and the real servers run the closed loop with one message in flight per sender, where a sender writes
 * again only once every other client has its last message: each message is then alone in the server's read, on any
 * machine, and "nothing merged" is a fact about the server.
 */
class NativeGeneratorIT {
    private static final int CLIENTS = 20;
    private static final int SENDERS = 4;
    private static final int PAYLOAD_BYTES = 100;
    private static final Duration START = Duration.ofSeconds(60);

    private static BenchConfig.Builder config(InetSocketAddress target) {
        return BenchConfig.builder(BenchScenario.FANOUT, Wire.LAB, target).clients(CLIENTS).senders(SENDERS)
                .ratePerSender(100).payloadBytes(PAYLOAD_BYTES).warmup(Duration.ofMillis(200))
                .duration(Duration.ofMillis(800)).drain(Duration.ofSeconds(5)).timeLimit(Duration.ofMinutes(2))
                .generator(LoadGenerator.C);
    }

    /** Each sender keeps one message in flight: it writes again once every other client has its last one. */
    private static BenchConfig.Builder closedLoop(InetSocketAddress target) {
        return config(target).ratePerSender(0).window(1);
    }

    /** A chatlab server in this JVM with the rate limits lifted, as the bench starts one. */
    private static ChatServer chatlab() throws Exception {
        Limits limits = Limits.defaults().withMessagesPerSecond(1e9).withBurstMessages(1_000_000)
                .withRateAbuseLimit(1_000_000);
        return ChatServer.start(ServerConfig.defaults().withBindAddresses(List.of(InetAddress.getByName("127.0.0.1")))
                .withPort(0).withLimits(limits)
                .withConnectionLimits(chatlab.server.ConnectionLimits.liftedPerAddress()), ServerEvents.NONE);
    }

    private static InetSocketAddress addressOf(ChatServer server) throws Exception {
        return new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.port());
    }

    /** This process: the server in this JVM. */
    private static ServerProbe thisJvm() {
        return new ServerProbe(ProcessHandle.current().pid(), ProcFiles.system(), Optional.empty());
    }

    @Test
    void theOpenLoopSendsOnScheduleAndCountsEveryDelivery() throws Exception {
        try (FaultyLabServer server = FaultyLabServer.faithful(CLIENTS, PAYLOAD_BYTES)) {
            BenchResult result = BenchRun.run(config(server.address()).build(), thisJvm(), "faithful", null);
            assertThat(result.success()).as(String.valueOf(result)).isTrue();
            BenchResult.Traffic traffic = result.traffic();
            assertThat(traffic.mode()).isEqualTo("open");
            // 100 messages/s from each of 4 senders for 1 s (warm-up and measured), on a schedule
            assertThat(traffic.messagesSent()).isEqualTo(4 * 100);
            assertThat(traffic.measuredMessages()).isEqualTo(4 * 80);
            assertThat(traffic.expectedDeliveries()).isEqualTo(traffic.messagesSent() * (CLIENTS - 1));
            assertThat(traffic.delivered()).isEqualTo(traffic.expectedDeliveries());
            assertThat(traffic.deliveries()).isEqualTo(traffic.measuredMessages() * (CLIENTS - 1));
            assertThat(traffic.latencyMicros().count()).isEqualTo(traffic.deliveries());
            assertThat(traffic.afterWriteMicros().count()).isEqualTo(traffic.deliveries());
            assertThat(traffic.sendLatenessMicros().count()).isEqualTo(traffic.measuredMessages());
            assertThat(traffic.latencyMicros().p50()).isPositive();
            assertThat(traffic.lost()).isZero();
            assertThat(traffic.duplicated()).isZero();
            assertThat(traffic.merged()).isZero();
            assertThat(traffic.split()).isZero();
            assertThat(result.connections().registered()).isEqualTo(CLIENTS);
            assertThat(result.presenceBytes()).as("every client's user map").isGreaterThan((long) CLIENTS * 20);
            assertThat(result.serverUsage().cpuSeconds()).isPositive();
            assertThat(result.serverUsage().deliveriesPerCpuSecond()).isPositive();

            StringWriter text = new StringWriter();
            BenchTextReport.print(result, new PrintWriter(text));
            assertThat(text.toString()).contains("load from the c generator", "lost 0 of 7,600");
            assertThat(JsonReport.of(result)).contains("\"generator\" : \"c\"");
        }
    }

    private static void assertEveryMessageReachedEveryOtherClientOnce(BenchResult result) {
        assertThat(result.success()).as(String.valueOf(result)).isTrue();
        BenchResult.Traffic traffic = result.traffic();
        assertThat(traffic.mode()).isEqualTo("closed");
        assertThat(traffic.messagesSent()).as("more than each sender's first window").isGreaterThan(SENDERS);
        assertThat(traffic.expectedDeliveries()).isEqualTo(traffic.messagesSent() * (CLIENTS - 1));
        assertThat(traffic.delivered()).isEqualTo(traffic.expectedDeliveries());
        assertThat(traffic.measuredMessages()).isPositive().isLessThan(traffic.messagesSent());
        assertThat(traffic.deliveries()).isEqualTo(traffic.measuredMessages() * (CLIENTS - 1));
        assertThat(traffic.latencyMicros().count()).isEqualTo(traffic.deliveries());
        assertThat(traffic.sendLatenessMicros()).as("no schedule in a closed loop").isNull();
        assertThat(traffic.lost()).isZero();
        assertThat(traffic.duplicated()).isZero();
        assertThat(traffic.merged()).as("one message in flight per sender: each alone in the server's read").isZero();
        assertThat(traffic.split()).isZero();
        assertThat(result.connections().registered()).isEqualTo(CLIENTS);
        assertThat(result.presenceBytes()).as("every client's user maps").isGreaterThan((long) CLIENTS * 20);
        assertThat(result.serverUsage().cpuSeconds()).isPositive();
        assertThat(result.serverUsage().deliveriesPerCpuSecond()).isPositive();
    }

    @Test
    void chatlabDeliversEveryMessageToEveryOtherClient() throws Exception {
        try (ChatServer server = chatlab()) {
            BenchResult result = BenchRun.run(closedLoop(addressOf(server)).build(), thisJvm(), "chatlab", null);
            assertEveryMessageReachedEveryOtherClientOnce(result);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SpawnedServer.Kind.class, names = {"PYTHON", "C"})
    void theLabServersToo(SpawnedServer.Kind kind) {
        try (SpawnedServer server = SpawnedServer.start(kind, CLIENTS, START)) {
            BenchResult result = BenchRun.run(closedLoop(server.address()).build(), ServerProbe.of(server.pid()),
                    kind.text(), null);
            assertEveryMessageReachedEveryOtherClientOnce(result);
        }
    }

    @Test
    void lostRepeatedAndMergedMessagesAreCountedAsSuch() throws Exception {
        try (FaultyLabServer server = FaultyLabServer.faulty(CLIENTS, PAYLOAD_BYTES, Long.MAX_VALUE)) {
            BenchResult result = BenchRun.run(config(server.address()).build(), null, "faulty", null);
            BenchResult.Traffic traffic = result.traffic();
            assertThat(traffic).as(String.valueOf(result)).isNotNull();
            assertThat(traffic.lost()).as("sender 0's message 3 never reached client 1").isEqualTo(1);
            assertThat(traffic.duplicated()).as("sender 0's message 5 reached client 2 twice").isEqualTo(1);
            assertThat(traffic.merged()).as("sender 0's message 8 came inside message 7's relay to client 3")
                    .isEqualTo(1);
            assertThat(traffic.delivered()).isEqualTo(traffic.expectedDeliveries() - 1);
            assertThat(result.success()).isFalse();
        }
    }

    @Test
    void aServerThatIsNotThereIsAFailureThatSaysSo() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        BenchResult result = BenchRun.run(config(new InetSocketAddress("127.0.0.1", port)).build(), null, "none",
                null);
        assertThat(result.completed()).isFalse();
        assertThat(result.failure()).contains("client c0: connect to 127.0.0.1 port " + port, "refused");
        assertThat(result.traffic()).isNull();
    }

    @Test
    void aServerThatStopsReadingASenderDoesNotHangTheRun() throws Exception {
        Duration window = windowThatOutwritesTheSendBuffer();
        try (FaultyLabServer server = FaultyLabServer.faulty(4, 1000, 10)) {
            long start = System.nanoTime();
            BenchResult result = BenchRun.run(BenchConfig.builder(BenchScenario.FANOUT, Wire.LAB, server.address())
                    .clients(4).senders(1).ratePerSender(1000).payloadBytes(1000).warmup(Duration.ZERO)
                    .duration(window).drain(Duration.ofMillis(500)).timeLimit(Duration.ofMinutes(3))
                    .generator(LoadGenerator.C).build(), null, "faulty", null);
            assertThat(result.completed()).as(String.valueOf(result)).isTrue();
            BenchResult.Traffic traffic = result.traffic();
            assertThat(traffic.sendsSkipped()).as("what sender 0 could not write once the server stopped reading it")
                    .isPositive();
            assertThat(traffic.lost()).as("written but never relayed").isPositive();
            assertThat(traffic.delivered()).as("the first few, to 3 receivers").isPositive()
                    .isLessThan(traffic.expectedDeliveries());
            assertThat(result.success()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the window, the drain, and no more")
                    .isLessThan(window.plusSeconds(30));
        }
    }

    /**
     * Long enough that sender 0 writes more (1 MB/s: 1,000 messages of 1,000 bytes) than its socket's send buffer can
     * take once the server stops reading: Linux grows that buffer up to tcp_wmem's maximum (4 MiB by default, more
     * where it was raised), so a fixed 3 s window was absorbed whole on some machines and nothing was ever skipped.
     */
    private static Duration windowThatOutwritesTheSendBuffer() throws IOException {
        long sendBufferMax = 4L << 20;
        Path wmem = Path.of("/proc/sys/net/ipv4/tcp_wmem");
        if (Files.isReadable(wmem)) {
            String[] fields = Files.readString(wmem).trim().split("\\s+");
            sendBufferMax = Math.max(sendBufferMax, Long.parseLong(fields[fields.length - 1]));
        }
        long bytesPerSecond = 1000L * 1000L;
        return Duration.ofSeconds(Math.min(120, sendBufferMax / bytesPerSecond + 3));
    }

    @Test
    void theTimeLimitEndsTheRunAndSaysSo() throws Exception {
        try (FaultyLabServer server = FaultyLabServer.faithful(CLIENTS, PAYLOAD_BYTES)) {
            long start = System.nanoTime();
            BenchResult result = BenchRun.run(config(server.address()).duration(Duration.ofMinutes(5))
                    .timeLimit(Duration.ofSeconds(2)).build(), null, "faulty", null);
            assertThat(result.completed()).isFalse();
            assertThat(result.failure()).isEqualTo("the time limit (PT2S) was reached");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
    }

    /**
     * A lab server of the test's own that takes each send as the message it is, however the reads fall: it knows the
     * messages' size and cuts what it reads into messages of that size, so no pause of this JVM merges or cuts one.
     * With faults it gets three things wrong on purpose: it never relays sender 0's message 3 to client 1, relays its
     * message 5 to client 2 twice, and relays message 8 to client 3 inside the relay of message 7 (the way a server's
     * recv merges two sends), and everything else right.
     */
    private static final class FaultyLabServer implements AutoCloseable {
        private static final Pattern MARKER = Pattern.compile("^~(\\d+)\\.(\\d+)~");
        private final ServerSocket listener;
        private final List<Socket> clients = new ArrayList<>();
        private final ConcurrentHashMap<Integer, String> heldForClient3 = new ConcurrentHashMap<>();
        private final Thread acceptor;
        private final int payloadBytes;
        private final boolean faults;
        private final long stopReadingAfter;
        private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

        /** Relays every message right. */
        static FaultyLabServer faithful(int expected, int payloadBytes) throws IOException {
            return new FaultyLabServer(expected, payloadBytes, false, Long.MAX_VALUE);
        }

        /** @param stopReadingAfter after relaying sender 0's message with this number, stop reading sender 0 */
        static FaultyLabServer faulty(int expected, int payloadBytes, long stopReadingAfter) throws IOException {
            return new FaultyLabServer(expected, payloadBytes, true, stopReadingAfter);
        }

        private FaultyLabServer(int expected, int payloadBytes, boolean faults, long stopReadingAfter)
                throws IOException {
            this.payloadBytes = payloadBytes;
            this.faults = faults;
            this.stopReadingAfter = stopReadingAfter;
            listener = new ServerSocket();
            listener.setReceiveBufferSize(4096); // small buffers, so a sender not read soon cannot write
            listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 100);
            acceptor = new Thread(() -> serve(expected), "faulty-lab-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
        }

        private void serve(int expected) {
            try {
                List<String> names = new ArrayList<>();
                for (int i = 0; i < expected; i++) {
                    Socket client = listener.accept();
                    client.setTcpNoDelay(true);
                    byte[] name = new byte[64];
                    int n = client.getInputStream().read(name);
                    names.add(new String(name, 0, n, StandardCharsets.UTF_8));
                    synchronized (clients) {
                        clients.add(client);
                    }
                }
                String map = "!{" + names.stream().map(n -> "\"" + n + "\": \"127.0.0.1\"")
                        .collect(Collectors.joining(", ")) + "}";
                for (Socket client : clients) {
                    client.getOutputStream().write(map.getBytes(StandardCharsets.UTF_8));
                }
                IntStream.range(0, expected).forEach(i -> {
                    Thread reader = new Thread(() -> relayFrom(i, names.get(i)), "faulty-lab-reader-" + i);
                    reader.setDaemon(true);
                    reader.start();
                });
            } catch (IOException e) {
                // closed
            }
        }

        /** Reads the sender's stream and relays it message by message (labload's are all payloadBytes long). */
        private void relayFrom(int sender, String name) {
            byte[] message = new byte[payloadBytes];
            try {
                InputStream in = clients.get(sender).getInputStream();
                while (in.readNBytes(message, 0, payloadBytes) == payloadBytes) {
                    String text = new String(message, StandardCharsets.US_ASCII);
                    Matcher marker = MARKER.matcher(text);
                    long seq = marker.find() && marker.group(1).equals("0") ? Long.parseLong(marker.group(2)) : -1;
                    relay(sender, name, text, faults ? seq : -1);
                    if (seq >= stopReadingAfter) {
                        closed.await(); // never reads this sender again
                    }
                }
            } catch (IOException e) {
                // the generator left
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** @param seq sender 0's message number where a fault applies, else -1 */
        private void relay(int sender, String name, String text, long seq) throws IOException {
            for (int to = 0; to < clients.size(); to++) {
                if (to == sender || seq == 3 && to == 1) {
                    continue;
                }
                String relay = name + ": " + text + " ";
                if (seq == 7 && to == 3) {
                    heldForClient3.put(to, relay);
                    continue;
                }
                if (seq == 8 && to == 3) {
                    relay = heldForClient3.remove(to).stripTrailing() + text + " ";
                }
                OutputStream out = clients.get(to).getOutputStream();
                synchronized (out) {
                    out.write(relay.getBytes(StandardCharsets.UTF_8));
                    if (seq == 5 && to == 2) {
                        out.write(relay.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            closed.countDown();
            listener.close();
            synchronized (clients) {
                for (Socket client : clients) {
                    client.close();
                }
            }
        }
    }
}
