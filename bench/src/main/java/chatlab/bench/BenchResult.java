package chatlab.bench;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import chatlab.bench.load.ErrorTally;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * What one run measured. Sections that do not apply to the scenario are null. Latencies are in microseconds,
 * times in milliseconds or seconds as named, memory in bytes. The sections' JSON names (the {@code --json} report,
 * docs/BENCHMARKS.md) are their components' in snake_case, or the name given where a unit is shortened.
 *
 * @param serverKind  chatlab or python when the bench started the server, external for --target
 * @param serverPid   the server's process id when known (then {@code serverUsage} is filled)
 * @param completed   the scenario ran to its end (every client registered, the window passed, the time limit held)
 * @param failure     why it did not complete, or null
 * @param slowReaders slow-reader: the run without slow readers, and when each slow reader was cut off
 * @param missing     why the server could not run at all (a peer whose package is not installed), or null
 */
public record BenchResult(BenchConfig config, String serverKind, Long serverPid, boolean completed, String failure,
        Connections connections, Traffic traffic, long presenceBytes, Errors errors, ServerUsage serverUsage,
        double benchCpuSeconds, JoinStorm joinStorm, Idle idle, Churn churn, SlowReaders slowReaders,
        String missing) {

    /** A run of any scenario, of a server that ran. */
    public BenchResult(BenchConfig config, String serverKind, Long serverPid, boolean completed, String failure,
            Connections connections, Traffic traffic, long presenceBytes, Errors errors, ServerUsage serverUsage,
            double benchCpuSeconds, JoinStorm joinStorm, Idle idle, Churn churn, SlowReaders slowReaders) {
        this(config, serverKind, serverPid, completed, failure, connections, traffic, presenceBytes, errors,
                serverUsage, benchCpuSeconds, joinStorm, idle, churn, slowReaders, null);
    }

    /**
     * A server that could not run here ({@code why}: its package is not installed): reported as such, in the text
     * and the JSON report, never left out. Not a success: the comparison asked for it.
     */
    public static BenchResult missing(BenchConfig config, String serverKind, String why) {
        return new BenchResult(config, serverKind, null, false, serverKind + " " + why,
                new Connections(0, 0, 0, 0, 0, null), null, 0, new Errors(0, Map.of(), List.of()), null, 0, null, null,
                null, null, why);
    }

    /** A run of any scenario but slow-reader. */
    public BenchResult(BenchConfig config, String serverKind, Long serverPid, boolean completed, String failure,
            Connections connections, Traffic traffic, long presenceBytes, Errors errors, ServerUsage serverUsage,
            double benchCpuSeconds, JoinStorm joinStorm, Idle idle, Churn churn) {
        this(config, serverKind, serverPid, completed, failure, connections, traffic, presenceBytes, errors,
                serverUsage, benchCpuSeconds, joinStorm, idle, churn, null);
    }

    /**
     * Completed, with nothing lost or duplicated and no errors (slow-reader: in both runs, and every slow reader cut
     * off): exit status 0.
     */
    public boolean success() {
        return completed && errors.total() == 0 && (traffic == null || traffic.lost() == 0 && traffic.duplicated() == 0)
                && (slowReaders == null || slowReaders.success());
    }

    /**
     * @param attempted           clients
     * @param halfOpenRetries     connections made again because the server had dropped them after the handshake
     *                            (a listen backlog overflowing): the name was never acknowledged
     * @param allRegisteredMillis from the first connect until every client was registered (had its first user list);
     *                            null when not all did
     */
    public record Connections(int attempted, int connected, int registered, int failed, int halfOpenRetries,
            @JsonProperty("all_registered_ms") Double allRegisteredMillis) {}

    /**
     * @param mode               closed or open
     * @param measuredSeconds    length of the measured window
     * @param messagesSent       every message written, warm-up included
     * @param measuredMessages   messages due within the measured window
     * @param deliveries         deliveries of measured messages (one message to one receiver)
     * @param expectedDeliveries deliveries owed for every message sent (messages x receivers)
     * @param delivered          deliveries that arrived, warm-up included
     * @param lost               expected deliveries that had not arrived when the drain period ended
     * @param duplicated         the same sender and sequence number received twice by one client
     * @param merged             lab wire: messages the server relayed inside another message's relay (two sends
     *                           taken as one message); what the lab's framing can lose
     * @param sharedRead         lab wire: messages that arrived in one read with another message (a busy reader,
     *                           or several relays in one segment; the lab client prints such a read as one line)
     * @param split              lab wire: messages cut across reads
     * @param sendsSkipped       sends not made because too many of that sender's messages were in flight
     * @param sendLatenessMicros open loop: how late the bench wrote each measured message after its scheduled time
     *                           (part of every latency, and the bench's own); null in a closed loop
     * @param afterWriteMicros   open loop: deliveries timed from the write instead of the schedule (the server's
     *                           part and the receiving bench's); null in a closed loop, where latency is this
     */
    public record Traffic(String mode, @JsonProperty("measured_s") double measuredSeconds, long messagesSent,
            long measuredMessages, long deliveries, @JsonProperty("deliveries_per_s") double deliveriesPerSecond,
            long expectedDeliveries, long delivered, long lost, long duplicated, long merged, long sharedRead,
            long split, long sendsSkipped, @JsonProperty("latency_us") Latency latencyMicros,
            @JsonProperty("send_lateness_us") @JsonInclude(NON_NULL) Latency sendLatenessMicros,
            @JsonProperty("after_write_latency_us") @JsonInclude(NON_NULL) Latency afterWriteMicros) {}

    /** Percentiles of a histogram, in its unit. */
    public record Latency(long count, double mean, long p50, long p90, long p99, @JsonProperty("p99_9") long p999,
            long max) {
        public static Latency of(Histogram histogram) {
            if (histogram.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0, 0);
            }
            return new Latency(histogram.getTotalCount(), histogram.getMean(), histogram.getValueAtPercentile(50),
                    histogram.getValueAtPercentile(90), histogram.getValueAtPercentile(99),
                    histogram.getValueAtPercentile(99.9), histogram.getMaxValue());
        }
    }

    public record Errors(long total, Map<String, Long> byKind, List<String> samples) {
        public static Errors of(ErrorTally tally) {
            return new Errors(tally.total(), tally.byKind(), tally.samples());
        }
    }

    /**
     * The server process over the measured window (fanout, churn) or the whole run (join-storm, idle).
     *
     * @param deliveriesPerCpuSecond measured deliveries per second of server CPU time; null without traffic or CPU
     * @param heapStartBytes         heap used after a full collection (JVM servers, when jcmd answers), or null
     */
    public record ServerUsage(@JsonProperty("cpu_s") double cpuSeconds, long rssStartBytes, long rssEndBytes,
            @JsonProperty("deliveries_per_cpu_s") Double deliveriesPerCpuSecond, Long heapStartBytes,
            Long heapEndBytes, @JsonInclude(NON_NULL) List<ProcessUsage> processes,
            @JsonInclude(NON_NULL) Costs costs) {
        /** One server process: no breakdown. */
        public ServerUsage(double cpuSeconds, long rssStartBytes, long rssEndBytes, Double deliveriesPerCpuSecond,
                Long heapStartBytes, Long heapEndBytes) {
            this(cpuSeconds, rssStartBytes, rssEndBytes, deliveriesPerCpuSecond, heapStartBytes, heapEndBytes, null,
                    null);
        }
    }

    /**
     * One process of a group the bench measured together (the servers of a cluster and their broker): {@code cpu_s}
     * and the usage above are their sums.
     *
     * @param role                {@code server} or {@code broker}
     * @param cpuMicrosPerMessage its CPU time over the measured messages; null without messages
     */
    public record ProcessUsage(String role, long pid, @JsonProperty("cpu_s") double cpuSeconds, long rssEndBytes,
            @JsonProperty("cpu_us_per_message") Double cpuMicrosPerMessage) {
        /** The role of a chatlab server process. */
        public static final String SERVER = "server";
        /** The role of the cluster's message broker (nats-server). */
        public static final String BROKER = "broker";

        boolean broker() {
            return role.equals(BROKER);
        }
    }

    /**
     * What one message cost, in CPU time over the measured window divided by the measured messages (each went to
     * every other client): the sum of every process, the servers together, one server on average, and the broker.
     * Null where unknown (no messages; no broker, or its PID unknown).
     *
     * @param servers                        chatlab server processes counted
     * @param serversCpuNanosPerDelivery     the servers' CPU time over the measured deliveries
     */
    public record Costs(int servers, @JsonProperty("servers_cpu_s") double serversCpuSeconds,
            @JsonProperty("broker_cpu_s") Double brokerCpuSeconds,
            @JsonProperty("cpu_us_per_message") Double cpuMicrosPerMessage,
            @JsonProperty("servers_cpu_us_per_message") Double serversCpuMicrosPerMessage,
            @JsonProperty("server_cpu_us_per_message") Double serverCpuMicrosPerMessage,
            @JsonProperty("broker_cpu_us_per_message") Double brokerCpuMicrosPerMessage,
            @JsonProperty("servers_cpu_ns_per_delivery") Double serversCpuNanosPerDelivery) {

        /** The costs of a group's processes over {@code messages} messages and {@code deliveries} deliveries. */
        public static Costs of(List<ProcessUsage> processes, long messages, long deliveries) {
            int servers = (int) processes.stream().filter(p -> !p.broker()).count();
            double serversCpu = processes.stream().filter(p -> !p.broker()).mapToDouble(ProcessUsage::cpuSeconds).sum();
            boolean broker = processes.stream().anyMatch(ProcessUsage::broker);
            Double brokerCpu = broker ? processes.stream().filter(ProcessUsage::broker)
                    .mapToDouble(ProcessUsage::cpuSeconds).sum() : null;
            Double total = brokerCpu == null ? serversCpu : serversCpu + brokerCpu;
            return new Costs(servers, serversCpu, brokerCpu, perMessage(total, messages),
                    perMessage(serversCpu, messages), servers == 0 ? null : perMessage(serversCpu / servers, messages),
                    perMessage(brokerCpu, messages), deliveries > 0 ? serversCpu * 1e9 / deliveries : null);
        }

        /** CPU seconds over messages, in microseconds per message; null when either is unknown. */
        public static Double perMessage(Double cpuSeconds, long messages) {
            return cpuSeconds == null || messages <= 0 ? null : cpuSeconds * 1e6 / messages;
        }
    }

    /**
     * @param allFullMillis        from the first connect until every client's list held all N users; null if never
     * @param fullClients          clients whose list reached all N users
     * @param perClientFullMillis  per client, from its own connect until its list was full
     * @param presenceBytesPerClient presence bytes received, divided by the clients
     */
    public record JoinStorm(@JsonProperty("all_full_ms") Double allFullMillis, int fullClients,
            @JsonProperty("per_client_full_ms") Latency perClientFullMillis, long presenceBytesPerClient) {}

    /**
     * @param holdSeconds        how long the clients stayed idle after registering
     * @param bytesPerConnection (RSS after - RSS before) / registered connections
     */
    public record Idle(@JsonProperty("hold_s") double holdSeconds, long rssBeforeBytes, long rssAfterBytes,
            @JsonProperty("rss_bytes_per_connection") Long bytesPerConnection, Long heapBeforeBytes,
            Long heapAfterBytes, Long heapBytesPerConnection) {}

    /**
     * @param joins          churning clients that registered
     * @param leaves         churning clients that left after registering
     * @param joinFailures   churn joins that did not register before their turn came again, or were refused
     * @param opsPerSecond   (joins + leaves) per second over the measured window
     * @param stablePresenceBytes presence bytes received by the stable clients
     */
    public record Churn(int churners, @JsonProperty("offered_joins_per_s") double offeredJoinsPerSecond, long joins,
            long leaves, long joinFailures, @JsonProperty("ops_per_s") double opsPerSecond, long stablePresenceBytes) {}

    /**
     * The slow-reader scenario. The run's own traffic and connections are those of the run with slow readers.
     *
     * @param mode           stop or trickle
     * @param count          slow readers (K)
     * @param cutOffSeconds  per slow reader, seconds from when it stopped reading (or began to trickle) until the
     *                       server cut it off; null for one still connected when its run ended
     * @param baseline       the others' traffic in the same schedule with no slow reader
     * @param baselineErrors errors in the run with no slow reader
     */
    public record SlowReaders(String mode, int count, List<Double> cutOffSeconds, Traffic baseline,
            Errors baselineErrors) {
        /** Every slow reader was cut off, and the run without them lost, duplicated and failed nothing. */
        boolean success() {
            return cutOff() == count && baseline != null && baseline.lost() == 0 && baseline.duplicated() == 0
                    && baselineErrors.total() == 0;
        }

        public int cutOff() {
            return (int) cutOffSeconds.stream().filter(s -> s != null).count();
        }

        /** The latest cut-off, in seconds after its reader stopped; null when none was cut off. */
        public Double latestCutOffSeconds() {
            return cutOffSeconds.stream().filter(s -> s != null).max(Double::compare).orElse(null);
        }

        /** The others' latency at a percentile with slow readers over without; null when either is unknown. */
        public Double ratio(Traffic withSlowReaders, ToLongFunction<Latency> percentile) {
            if (withSlowReaders == null || baseline == null) {
                return null;
            }
            long with = percentile.applyAsLong(withSlowReaders.latencyMicros());
            long without = percentile.applyAsLong(baseline.latencyMicros());
            return with <= 0 || without <= 0 ? null : (double) with / without;
        }
    }
}
