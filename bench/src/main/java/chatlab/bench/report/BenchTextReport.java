package chatlab.bench.report;

import chatlab.bench.AckPolicy;
import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import chatlab.bench.BenchScenario;
import chatlab.bench.LoadGenerator;
import chatlab.bench.SlowMode;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** The readable report of one run. */
public final class BenchTextReport {
    private BenchTextReport() {}

    public static void print(BenchResult r, PrintWriter out) {
        BenchConfig c = r.config();
        out.printf("chatlab bench %s, %s wire, %s server at %s%s%n", c.scenario().text(), c.wireText(), r.serverKind(),
                address(c), r.serverPid() == null ? "" : " (pid " + r.serverPid() + ")");
        out.println("  " + settings(c));
        out.printf("  result: %s%n", r.missing() != null ? "NOT RUN, " + r.missing() : r.success() ? "complete"
                : r.completed() ? "COMPLETE WITH PROBLEMS (see below)" : "FAILED: " + r.failure());
        BenchResult.Connections k = r.connections();
        out.printf("  connections: %,d of %,d connected, %,d registered%s%s%n", k.connected(), k.attempted(),
                k.registered(), k.allRegisteredMillis() == null ? "" : String.format(", all registered after %s",
                        millis(k.allRegisteredMillis())),
                k.halfOpenRetries() == 0 ? "" : String.format("; %,d connections dropped half-open by the server "
                        + "(listen backlog) and made again", k.halfOpenRetries()));
        if (r.slowReaders() != null && r.traffic() != null) {
            out.println("  the others, with the slow readers:");
        }
        if (r.traffic() != null) {
            traffic(r, out);
        }
        if (r.slowReaders() != null) {
            slowReaders(r, out);
        }
        if (r.joinStorm() != null) {
            BenchResult.JoinStorm s = r.joinStorm();
            out.printf("  join storm: every list full after %s (%,d of %,d clients); per client p50 %s, p99 %s, "
                            + "max %s%n",
                    s.allFullMillis() == null ? "never" : millis(s.allFullMillis()), s.fullClients(), c.clients(),
                    millis(s.perClientFullMillis().p50()), millis(s.perClientFullMillis().p99()),
                    millis(s.perClientFullMillis().max()));
        }
        out.printf("  presence traffic: %s in all, %s per client%n", bytes(r.presenceBytes()),
                bytes(r.presenceBytes() / Math.max(1, c.clients())));
        if (r.churn() != null) {
            BenchResult.Churn ch = r.churn();
            out.printf("  churn: %,d churners at %.1f joins/s offered: %,d joins, %,d leaves, %,d joins failed or too "
                            + "slow, %.1f operations/s; presence to the stable clients %s%n",
                    ch.churners(), ch.offeredJoinsPerSecond(), ch.joins(), ch.leaves(), ch.joinFailures(),
                    ch.opsPerSecond(), bytes(ch.stablePresenceBytes()));
        }
        if (r.idle() != null) {
            BenchResult.Idle i = r.idle();
            if (r.serverUsage() == null) {
                out.printf("  idle: held %.1f s; server memory unknown (give --server-pid or let the bench start the "
                        + "server)%n", i.holdSeconds());
            } else {
                out.printf("  idle: held %.1f s; server RSS %s before, %s after = %s per connection%n", i.holdSeconds(),
                        bytes(i.rssBeforeBytes()), bytes(i.rssAfterBytes()),
                        i.bytesPerConnection() == null ? "?" : bytes(i.bytesPerConnection()));
                if (i.heapBeforeBytes() != null && i.heapAfterBytes() != null) {
                    out.printf("        heap after a full GC %s before, %s after = %s per connection%n",
                            bytes(i.heapBeforeBytes()), bytes(i.heapAfterBytes()),
                            i.heapBytesPerConnection() == null ? "?" : bytes(i.heapBytesPerConnection()));
                }
            }
        }
        BenchResult.ServerUsage u = r.serverUsage();
        if (u != null) {
            out.printf("  server: %.2f s CPU, RSS %s -> %s%s%n", u.cpuSeconds(), bytes(u.rssStartBytes()),
                    bytes(u.rssEndBytes()), u.deliveriesPerCpuSecond() == null ? ""
                            : String.format(", %,.0f deliveries per CPU-second", u.deliveriesPerCpuSecond()));
        } else {
            out.println("  server: CPU and memory unknown (no PID)");
        }
        if (u != null && u.processes() != null) {
            processes(u, out);
        }
        out.printf("  bench: %.2f s CPU%n", r.benchCpuSeconds());
        out.printf("  errors: %,d%s%n", r.errors().total(), r.errors().total() == 0 ? "" : " " + kinds(r.errors().byKind()));
        for (String sample : r.errors().samples()) {
            out.println("    " + sample);
        }
        out.flush();
    }

    private static void traffic(BenchResult r, PrintWriter out) {
        BenchResult.Traffic t = r.traffic();
        BenchResult.Latency l = t.latencyMicros();
        out.printf("  traffic (%s loop): %,d deliveries in %.1f s = %,.0f deliveries/s (%,d messages measured, %,d "
                + "sent in all)%n", t.mode(), t.deliveries(), t.measuredSeconds(), t.deliveriesPerSecond(),
                t.measuredMessages(), t.messagesSent());
        out.printf("  latency: p50 %s, p90 %s, p99 %s, p99.9 %s, max %s (%,d deliveries)%n", micros(l.p50()),
                micros(l.p90()), micros(l.p99()), micros(l.p999()), micros(l.max()), l.count());
        BenchResult.Latency late = t.sendLatenessMicros();
        if (late != null) {
            out.printf("  sends late (the bench's part of the latency): p50 %s, p99 %s, p99.9 %s, max %s%n",
                    micros(late.p50()), micros(late.p99()), micros(late.p999()), micros(late.max()));
        }
        BenchResult.Latency afterWrite = t.afterWriteMicros();
        if (afterWrite != null) {
            out.printf("  latency from the write: p50 %s, p90 %s, p99 %s, p99.9 %s, max %s%n", micros(afterWrite.p50()),
                    micros(afterWrite.p90()), micros(afterWrite.p99()), micros(afterWrite.p999()), micros(afterWrite.max()));
        }
        out.printf("  lost %,d of %,d, duplicated %,d%s%s%n", t.lost(), t.expectedDeliveries(), t.duplicated(),
                r.config().labWire()
                        ? String.format(", merged %,d, shared a read %,d, split %,d", t.merged(), t.sharedRead(), t.split()) : "",
                t.sendsSkipped() == 0 ? "" : String.format(", %,d sends skipped (too many in flight)", t.sendsSkipped()));
    }

    /** A group's processes (a cluster's servers and broker), each and by role, and what a message cost. */
    private static void processes(BenchResult.ServerUsage u, PrintWriter out) {
        for (BenchResult.ProcessUsage p : u.processes()) {
            out.printf(Locale.ROOT, "    %s (pid %d): %.2f s CPU, %s per message, RSS %s%n", p.role(), p.pid(),
                    p.cpuSeconds(), perMessage(p.cpuMicrosPerMessage()), bytes(p.rssEndBytes()));
        }
        BenchResult.Costs c = u.costs();
        if (c != null) {
            out.printf(Locale.ROOT, "  CPU per message: %s in all; the %d server%s %s (%s each on average), the broker "
                            + "%s; the servers %s per delivery%n", perMessage(c.cpuMicrosPerMessage()), c.servers(),
                    c.servers() == 1 ? "" : "s", perMessage(c.serversCpuMicrosPerMessage()),
                    perMessage(c.serverCpuMicrosPerMessage()), c.brokerCpuSeconds() == null
                            ? "unknown (not counted: give --broker-pid)" : perMessage(c.brokerCpuMicrosPerMessage()),
                    c.serversCpuNanosPerDelivery() == null ? "?"
                            : String.format(Locale.ROOT, "%.0f ns", c.serversCpuNanosPerDelivery()));
        }
    }

    /** CPU microseconds per message, e.g. {@code 41.3 us}; {@code ?} when unknown. */
    static String perMessage(Double micros) {
        return micros == null ? "?" : String.format(Locale.ROOT, "%,.1f us", micros);
    }

    /** Target of the slow-reader scenario: the others' p99 with slow readers at most this times the p99 without. */
    public static final double SLOW_READER_P99_RATIO_TARGET = 1.5;

    private static void slowReaders(BenchResult r, PrintWriter out) {
        BenchResult.SlowReaders s = r.slowReaders();
        StringBuilder times = new StringBuilder();
        for (Double seconds : s.cutOffSeconds()) {
            times.append(times.length() == 0 ? "" : ", ").append(seconds == null ? "never"
                    : String.format(Locale.ROOT, "%.2f", seconds));
        }
        out.printf("  slow readers: %d of %d cut off, seconds after they %s: %s%n", s.cutOff(), s.count(),
                s.mode().equals(SlowMode.STOP.text()) ? "stopped reading" : "began to trickle", times);
        BenchResult.Traffic b = s.baseline();
        if (b == null) {
            out.println("  the run with no slow reader did not get to its traffic");
            return;
        }
        BenchResult.Latency l = b.latencyMicros();
        out.printf("  the others, with no slow reader (the same schedule): p50 %s, p90 %s, p99 %s, p99.9 %s, max %s; "
                + "lost %,d of %,d, duplicated %,d%s, errors %,d%n", micros(l.p50()), micros(l.p90()), micros(l.p99()),
                micros(l.p999()), micros(l.max()), b.lost(), b.expectedDeliveries(), b.duplicated(),
                r.config().labWire() ? String.format(", merged %,d", b.merged()) : "",
                s.baselineErrors().total());
        BenchResult.Latency late = b.sendLatenessMicros();
        if (late != null) {
            out.printf("  ... of which sends late (the bench's part): p50 %s, p99 %s%n", micros(late.p50()),
                    micros(late.p99()));
        }
        Double p50 = s.ratio(r.traffic(), BenchResult.Latency::p50);
        Double p99 = s.ratio(r.traffic(), BenchResult.Latency::p99);
        // A lost message has no latency: with losses the ratio says nothing, however low.
        long lost = r.traffic() == null ? 0 : r.traffic().lost() + b.lost();
        out.printf(Locale.ROOT, "  the others' latency with slow readers / without: p50 %s, p99 %s (target: p99 "
                + "within %.1fx and nothing lost: %s)%n", ratio(p50), ratio(p99), SLOW_READER_P99_RATIO_TARGET,
                lost > 0 ? String.format("NOT MET, %,d deliveries lost", lost) : p99 == null ? "unknown"
                        : p99 <= SLOW_READER_P99_RATIO_TARGET ? "met" : "NOT MET");
    }

    private static String ratio(Double value) {
        return value == null ? "?" : String.format(Locale.ROOT, "%.2fx", value);
    }

    static String settings(BenchConfig c) {
        StringBuilder s = new StringBuilder(String.format("%,d clients", c.clients()));
        switch (c.scenario()) {
            case FANOUT, CHURN, SLOW_READER -> {
                s.append(String.format(", %,d senders, ", c.senders()));
                s.append(c.openLoop() ? String.format(Locale.ROOT, "open loop at %s messages/s each", number(c.ratePerSender()))
                        : String.format("closed loop with %d in flight each", c.window()));
                s.append(String.format(", %d-byte payload, warm-up %s, measured %s", c.payloadBytes(),
                        seconds(c.warmup()), seconds(c.duration())));
                s.append(c.ackPolicy() == AckPolicy.QUICK ? ", client ACKs at once (TCP_QUICKACK after every read)"
                        : ", client ACKs as the kernel delays them");
                if (c.scenario() == BenchScenario.CHURN) {
                    s.append(String.format(", %,d churners at %s joins/s", c.churners(), number(c.churnRate())));
                }
                if (c.scenario() == BenchScenario.SLOW_READER) {
                    s.append(String.format(", %,d more that %s once the measured window starts", c.slowReaders(),
                            c.slowMode() == SlowMode.STOP ? "stop reading" : "read too little"));
                }
            }
            case IDLE -> s.append(", held idle for ").append(seconds(c.duration()));
            case JOIN_STORM -> s.append(c.inFlight() == 0 ? ", all at once"
                    : String.format(", %,d in flight, each waiting for its first user list", c.inFlight()));
        }
        if (c.spread().size() > 1) {
            s.append(String.format(", spread over %d servers in turn", c.spread().size()));
        }
        if (c.generator() != LoadGenerator.JAVA) {
            s.append(", load from the ").append(c.generator().text()).append(" generator");
        }
        return s.toString();
    }

    /** The server's HOST:PORT; for clients spread over several servers, each, joined by commas. */
    static String address(BenchConfig c) {
        return String.join(", ", c.spread().stream().map(BenchTextReport::address).toList());
    }

    private static String address(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    public static String micros(long micros) {
        if (micros < 1000) {
            return micros + " us";
        }
        if (micros < 1_000_000) {
            return String.format(Locale.ROOT, "%.2f ms", micros / 1e3);
        }
        return String.format(Locale.ROOT, "%.2f s", micros / 1e6);
    }

    static String millis(double millis) {
        return millis < 1000 ? String.format(Locale.ROOT, "%.0f ms", millis)
                : String.format(Locale.ROOT, "%.2f s", millis / 1e3);
    }

    public static String bytes(long bytes) {
        long abs = Math.abs(bytes);
        if (abs < 10_000) {
            return String.format("%,d B", bytes);
        }
        if (abs < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1e3);
        }
        if (abs < 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    private static String seconds(Duration d) {
        return number(d.toMillis() / 1000.0) + " s";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.format("%,d", (long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String kinds(Map<String, Long> byKind) {
        StringBuilder s = new StringBuilder("(");
        byKind.forEach((kind, count) -> s.append(s.length() > 1 ? ", " : "").append(kind).append(' ').append(count));
        return s.append(')').toString();
    }
}
