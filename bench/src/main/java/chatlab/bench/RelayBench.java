package chatlab.bench;

import chatlab.protocol.lab.LabServerEvent;
import chatlab.protocol.lab.LabServerStreamSplitter;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageDecoder;
import chatlab.protocol.v2.Wire;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Relay throughput and latency: {@code clients} connect (each from its own loopback address), {@code senders} of
 * them send {@code messagesPerSender} chatroom messages as fast as they can, and every client times each message it
 * receives from the moment it was sent (the send time travels in the text; everything runs in one JVM, so one
 * clock). Runs until every copy arrived or the time limit passed; never sends anywhere but the given server.
 */
public final class RelayBench {
    /** The send stamp at the start of every message; the space ends it, so a stamp cut by a read is not misread. */
    private static final Pattern STAMP = Pattern.compile("t(\\d+)-(\\d+)-(\\d+) ");

    /**
     * @param payloadBytes length of each message's text (at least the stamp)
     */
    /** @param ratePerSender messages per second each sender sends; 0 sends as fast as the socket takes them */
    public record Config(InetAddress server, int port, Wire wire, int clients, int senders, int messagesPerSender,
            int payloadBytes, double ratePerSender, Duration timeLimit) {
        public Config {
            if (clients < 2 || senders < 1 || senders > clients || messagesPerSender < 1) {
                throw new IllegalArgumentException("need at least 2 clients, 1 to clients senders, and 1 message each");
            }
            if (!server.isLoopbackAddress()) {
                throw new IllegalArgumentException("the benchmark only runs against a server on the loopback");
            }
        }
    }

    /** What a run measured. Latencies in microseconds. */
    public record Result(long expectedDeliveries, long deliveries, Duration elapsed, Histogram latencyMicros,
            boolean complete) {
        public double deliveriesPerSecond() {
            return deliveries / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }

        public String summary() {
            return String.format("%s: %,d of %,d deliveries in %.2f s = %,.0f deliveries/s; latency p50 %,d us, "
                            + "p90 %,d us, p99 %,d us, max %,d us",
                    complete ? "complete" : "INCOMPLETE (time limit)", deliveries, expectedDeliveries,
                    elapsed.toNanos() / 1e9, deliveriesPerSecond(), latencyMicros.getValueAtPercentile(50),
                    latencyMicros.getValueAtPercentile(90), latencyMicros.getValueAtPercentile(99),
                    latencyMicros.getMaxValue());
        }
    }

    private final Config config;
    private final AtomicLong deliveries = new AtomicLong();
    private final List<Histogram> histograms = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    public RelayBench(Config config) {
        this.config = config;
    }

    public Result run() throws IOException, InterruptedException {
        long expected = (long) config.senders() * config.messagesPerSender() * (config.clients() - 1);
        CountDownLatch registered = new CountDownLatch(config.clients());
        CountDownLatch allDelivered = new CountDownLatch(1);
        try {
            for (int i = 0; i < config.clients(); i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(InetAddress.getByAddress(
                        new byte[] {127, 0, (byte) (100 + i / 250), (byte) (1 + i % 250)}), 0));
                socket.connect(new InetSocketAddress(config.server(), config.port()), 10_000);
                socket.setTcpNoDelay(true);
                sockets.add(socket);
                Histogram histogram = new Histogram(3_600_000_000L, 3);
                histograms.add(histogram);
                Thread reader = new Thread(() -> read(socket, histogram, registered, expected, allDelivered), "bench-reader-" + i);
                reader.setDaemon(true);
                reader.start();
                send(socket, config.wire() == Wire.LAB ? "bench" + i + "\n"
                        : "{\"type\":\"hello\",\"version\":2,\"name\":\"bench" + i + "\",\"client\":\"chatlab-bench\"}\n");
            }
            if (!registered.await(config.timeLimit().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("not every client saw the full room within " + config.timeLimit().toSeconds() + " s");
            }
            long started = System.nanoTime();
            List<Thread> senders = new ArrayList<>();
            for (int s = 0; s < config.senders(); s++) {
                int sender = s;
                Thread thread = new Thread(() -> sendAll(sender), "bench-sender-" + s);
                thread.start();
                senders.add(thread);
            }
            boolean complete = allDelivered.await(config.timeLimit().toMillis(), TimeUnit.MILLISECONDS);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            for (Thread thread : senders) {
                thread.join(1000);
            }
            Histogram all = new Histogram(3_600_000_000L, 3);
            synchronized (histograms) {
                histograms.forEach(all::add);
            }
            return new Result(expected, deliveries.get(), elapsed, all, complete);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private void sendAll(int sender) {
        Socket socket = sockets.get(sender);
        try {
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            long gapNanos = config.ratePerSender() > 0 ? (long) (1e9 / config.ratePerSender()) : 0;
            for (int seq = 0; seq < config.messagesPerSender(); seq++) {
                if (gapNanos > 0) {
                    // Open-loop pacing: each message leaves at its scheduled time, whatever the server does.
                    long due = start + seq * gapNanos;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
                String text = pad("t" + sender + "-" + seq + "-" + System.nanoTime() + " ");
                String line = config.wire() == Wire.LAB ? text + "\n"
                        : "{\"type\":\"say\",\"id\":\"" + seq + "\",\"text\":\"" + text + "\"}\n";
                out.write(line.getBytes(StandardCharsets.UTF_8));
                if (gapNanos > 0) {
                    out.flush();
                }
            }
            out.flush();
        } catch (IOException e) {
            // The run reports what arrived; a sender cut off shows up as missing deliveries.
        }
    }

    private String pad(String stamp) {
        StringBuilder text = new StringBuilder(stamp);
        while (text.length() < config.payloadBytes()) {
            text.append('x');
        }
        return text.toString();
    }

    private void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    private void read(Socket socket, Histogram histogram, CountDownLatch registered, long expected, CountDownLatch done) {
        boolean[] counted = {false};
        try {
            InputStream in = socket.getInputStream();
            if (config.wire() == Wire.LAB) {
                LabServerStreamSplitter splitter = new LabServerStreamSplitter(8 * 1024 * 1024);
                StringBuilder carry = new StringBuilder();
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    splitter.feed(buffer, 0, n, event -> {
                        if (event instanceof LabServerEvent.UserMap map) {
                            if (!counted[0] && map.users().size() == config.clients()) {
                                counted[0] = true;
                                registered.countDown();
                            }
                        } else if (event instanceof LabServerEvent.Text text) {
                            // The lab wire has no framing: a stamp may be cut between two reads; keep the tail.
                            carry.append(text.text());
                            int end = record(carry, histogram, expected, done);
                            carry.delete(0, Math.max(end, carry.length() - 64));
                        }
                    });
                }
            } else {
                ServerMessageDecoder decoder = new ServerMessageDecoder();
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
                int known = 0;
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("{\"type\":\"message\"")) {
                        record(line, histogram, expected, done);
                        continue;
                    }
                    ServerMessage message;
                    try {
                        message = decoder.decode(line.getBytes(StandardCharsets.UTF_8));
                    } catch (Exception e) {
                        continue;
                    }
                    if (message instanceof ServerMessage.Welcome welcome) {
                        known = welcome.users().size();
                    } else if (message instanceof ServerMessage.Joined) {
                        known++;
                    }
                    if (!counted[0] && known == config.clients()) {
                        counted[0] = true;
                        registered.countDown();
                    }
                }
            }
        } catch (IOException e) {
            // Closed at the end of the run.
        }
    }

    /** Records every complete stamp in the text; returns where the last one ended. */
    private int record(CharSequence text, Histogram histogram, long expected, CountDownLatch done) {
        long now = System.nanoTime();
        Matcher stamp = STAMP.matcher(text);
        int end = 0;
        while (stamp.find()) {
            end = stamp.end();
            long micros = Math.max(0, (now - Long.parseLong(stamp.group(3))) / 1000);
            synchronized (histograms) {
                histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
            }
            if (deliveries.incrementAndGet() == expected) {
                done.countDown();
            }
        }
        return end;
    }
}
