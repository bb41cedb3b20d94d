package chatlab.bench;

import chatlab.protocol.v2.Wire;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * One bench run.
 *
 * @param target          the server, on the loopback
 * @param clients         clients in the room (the stable ones, in churn)
 * @param senders         how many of them send (fanout, churn)
 * @param window          closed loop: messages in flight per sender (a message is done when every other client has it)
 * @param ratePerSender   open loop: messages per second per sender, sent on a schedule made in advance; 0 means
 *                        closed loop
 * @param duration        the measured window (fanout, churn) or how long the idle clients stay (idle)
 * @param warmup          traffic before the measured window, not counted
 * @param payloadBytes    bytes of each message's text (at least the stamp)
 * @param perAddress      client connections per loopback source address
 * @param ioThreads       event-loop threads of the bench's clients
 * @param connectTimeout  how long one connection may take to be accepted
 * @param drain           after the last send, how long to wait for messages still on their way before they count
 *                        as lost
 * @param timeLimit       the whole run stops after this long, whatever it is doing
 * @param churners        churn: clients that join and leave
 * @param churnRate       churn: joins per second (each also makes an earlier churner leave)
 * @param generator       who makes the load: the bench's own clients, or the C program (fanout on the lab wire)
 * @param slowReaders     slow-reader: clients besides the N that stop reading (or trickle) once the measured window starts
 * @param slowMode        slow-reader: how they misbehave
 * @param inFlight        join-storm: at most this many clients joining at once, each waiting for its first user list
 *                        before the next one connects (joins that trickle in); 0 connects them all at once
 * @param protocol        what the clients speak: the chat wire ({@code wire}) or a peer server's protocol
 * @param ackPolicy       when the clients' sockets acknowledge what they read (the kernel's delayed ACK, or at once)
 * @param spread          the servers the clients are spread over, client i on {@code spread.get(i % size)} (fanout
 *                        against a cluster); one server, {@code target}, otherwise
 */
public record BenchConfig(BenchScenario scenario, Wire wire, InetSocketAddress target, int clients, int senders, int window,
        double ratePerSender, Duration duration, Duration warmup, int payloadBytes, int perAddress, int ioThreads,
        Duration connectTimeout, Duration drain, Duration timeLimit, int churners, double churnRate,
        LoadGenerator generator, int slowReaders, SlowMode slowMode, int inFlight, ClientProtocol protocol,
        AckPolicy ackPolicy, List<InetSocketAddress> spread) {
    /** The lab's Python server reads 1024 bytes at a time; one message must fit in one read. */
    public static final int MAX_LAB_PAYLOAD_BYTES = 1000;
    /**
     * IRC: a line is at most 512 bytes with its CRLF (RFC 2812, 2.3), and the relay adds the sender's
     * {@code :nick!~user@host PRIVMSG #channel :} in front of the text.
     */
    public static final int MAX_IRC_PAYLOAD_BYTES = 400;
    /** chatlab's default --max-message-bytes. */
    public static final int MAX_V2_PAYLOAD_BYTES = 4096;
    /** chatlab's default per-address limit is 64; stay under it. */
    public static final int DEFAULT_PER_ADDRESS = 50;
    public static final int DEFAULT_CLIENTS = 100;
    public static final int DEFAULT_SENDERS = 10;
    public static final int DEFAULT_WINDOW = 1;
    /** Messages per second per sender; 0: the closed loop. */
    public static final int DEFAULT_RATE_PER_SENDER = 0;
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(2);
    public static final int DEFAULT_PAYLOAD_BYTES = 64;
    public static final int DEFAULT_IO_THREADS = 1;
    /** Generous: a server accepting thousands of connections on a loaded machine takes its time. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(5);
    public static final int DEFAULT_CHURNERS = 50;
    /** Joins per second. */
    public static final int DEFAULT_CHURN_RATE = 20;
    public static final LoadGenerator DEFAULT_GENERATOR = LoadGenerator.JAVA;
    public static final int DEFAULT_SLOW_READERS = 5;
    public static final SlowMode DEFAULT_SLOW_MODE = SlowMode.STOP;
    public static final ClientProtocol DEFAULT_PROTOCOL = ClientProtocol.CHAT;
    public static final AckPolicy DEFAULT_ACK_POLICY = AckPolicy.DELAYED;

    public BenchConfig {
        require(target.getAddress() != null && target.getAddress().isLoopbackAddress(),
                "the bench only loads a server on the loopback");
        spread = spread == null || spread.isEmpty() ? List.of(target) : List.copyOf(spread);
        require(spread.get(0).equals(target), "the first server the clients are spread over is the target");
        require(spread.stream().allMatch(a -> a.getAddress() != null && a.getAddress().isLoopbackAddress()),
                "the bench only loads servers on the loopback");
        require(spread.size() == 1 || scenario == BenchScenario.FANOUT,
                "clients are spread over several servers for fanout only");
        require(spread.size() == 1 || generator == LoadGenerator.JAVA,
                "--generator c loads one server; the bench's own clients (--generator java) spread over several");
        require(clients >= 2 || scenario == BenchScenario.JOIN_STORM || scenario == BenchScenario.IDLE,
                "--clients must be at least 2 for " + scenario.text());
        require(clients >= 1, "--clients must be at least 1");
        if (scenario == BenchScenario.FANOUT || scenario == BenchScenario.CHURN || scenario == BenchScenario.SLOW_READER) {
            require(senders >= 1 && senders <= clients, "--senders must be between 1 and --clients (" + clients + ")");
        }
        require(window >= 1 && window <= 10_000, "--window must be between 1 and 10000");
        require(ratePerSender >= 0 && ratePerSender <= 1_000_000, "--rate must be between 0 and 1000000 per second");
        require(scenario != BenchScenario.CHURN || ratePerSender > 0, "churn runs its senders in an open loop: give --rate");
        require(scenario != BenchScenario.SLOW_READER || ratePerSender > 0,
                "slow-reader runs its senders in an open loop, the same schedule with and without slow readers: "
                        + "give --rate");
        require(slowReaders >= 0 && slowReaders <= 10_000, "--slow-readers must be between 0 and 10000");
        require(scenario != BenchScenario.SLOW_READER || slowReaders >= 1, "slow-reader needs --slow-readers of at least 1");
        require(slowMode != null, "name a slow mode");
        require(inFlight >= 0 && inFlight <= clients, "--in-flight must be between 0 and --clients (" + clients + ")");
        require(inFlight == 0 || scenario == BenchScenario.JOIN_STORM, "--in-flight is for join-storm");
        require(!duration.isNegative() && !warmup.isNegative(), "--duration and --warmup must not be negative");
        require(payloadBytes >= 1, "--payload must be at least 1 byte");
        require(wire != Wire.LAB || payloadBytes <= MAX_LAB_PAYLOAD_BYTES,
                "--payload must be at most " + MAX_LAB_PAYLOAD_BYTES + " bytes on the lab wire (the lab's server reads "
                        + "1024 bytes at a time, and a message must arrive in one read)");
        require(wire != Wire.V2 || payloadBytes <= MAX_V2_PAYLOAD_BYTES,
                "--payload must be at most " + MAX_V2_PAYLOAD_BYTES + " bytes on the v2 wire");
        require(perAddress >= 1, "--per-address must be at least 1");
        require(ioThreads >= 1 && ioThreads <= 16, "--io-threads must be between 1 and 16");
        require(connectTimeout.toMillis() >= 1, "--connect-timeout must be positive");
        require(!drain.isNegative(), "--drain must not be negative");
        require(timeLimit.toMillis() >= 1, "--time-limit must be positive");
        require(churners >= 0 && churnRate >= 0, "--churners and --churn-rate must not be negative");
        require(scenario != BenchScenario.CHURN || churners >= 1 && churnRate > 0,
                "churn needs --churners and --churn-rate above 0");
        require(generator != null, "name a load generator");
        if (generator == LoadGenerator.C) {
            require(scenario == BenchScenario.FANOUT, "--generator c runs fanout only");
            require(wire == Wire.LAB, "--generator c speaks the lab wire only");
        }
        require(protocol != null && ackPolicy != null, "name a protocol and an ack policy");
        if (protocol != ClientProtocol.CHAT) {
            require(scenario == BenchScenario.FANOUT, "the bench speaks " + protocol.text() + " for fanout only");
            require(generator == LoadGenerator.JAVA, "--generator c speaks the lab wire only, not " + protocol.text());
            require(protocol != ClientProtocol.IRC || payloadBytes <= MAX_IRC_PAYLOAD_BYTES,
                    "--payload must be at most " + MAX_IRC_PAYLOAD_BYTES + " bytes for IRC (a line is at most 512 "
                            + "bytes, the relay's prefix included)");
        }
        require(ackPolicy != AckPolicy.QUICK || generator == LoadGenerator.JAVA,
                "--ack-policy quick is the bench's own clients' (--generator java)");
    }

    /** The server client {@code index} connects to: the clients are spread over {@link #spread} in turn. */
    public InetSocketAddress targetFor(int index) {
        return spread.get(Math.floorMod(index, spread.size()));
    }

    /** The same run with its clients spread over these servers (the first is the target). */
    public BenchConfig withSpread(List<InetSocketAddress> servers) {
        return new BenchConfig(scenario, wire, servers.get(0), clients, senders, window, ratePerSender, duration, warmup,
                payloadBytes, perAddress, ioThreads, connectTimeout, drain, timeLimit, churners, churnRate, generator,
                slowReaders, slowMode, inFlight, protocol, ackPolicy, servers);
    }

    /** The name of what the clients speak: lab or v2 for the chat wire, else the peer's protocol. */
    public String wireText() {
        return protocol == ClientProtocol.CHAT ? wire.text() : protocol.text();
    }

    /** The lab wire: nothing marks where one message ends (merged, shared a read and split apply). */
    public boolean labWire() {
        return protocol == ClientProtocol.CHAT && wire == Wire.LAB;
    }

    /** The same run speaking another protocol (a peer server of a comparison). */
    public BenchConfig withProtocol(ClientProtocol value) {
        return new BenchConfig(scenario, wire, target, clients, senders, window, ratePerSender, duration, warmup,
                payloadBytes, perAddress, ioThreads, connectTimeout, drain, timeLimit, churners, churnRate, generator,
                slowReaders, slowMode, inFlight, value, ackPolicy, spread);
    }

    /** Closed loop (a window per sender) unless a rate is given. */
    public boolean openLoop() {
        return ratePerSender > 0;
    }

    public static Builder builder(BenchScenario scenario, Wire wire, InetSocketAddress target) {
        return new Builder(scenario, wire, target);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Defaults for everything but the scenario, wire and target. */
    public static final class Builder {
        private final BenchScenario scenario;
        private final Wire wire;
        private final InetSocketAddress target;
        private int clients = DEFAULT_CLIENTS;
        private int senders = DEFAULT_SENDERS;
        private int window = DEFAULT_WINDOW;
        private double ratePerSender = DEFAULT_RATE_PER_SENDER;
        private Duration duration = DEFAULT_DURATION;
        private Duration warmup = DEFAULT_WARMUP;
        private int payloadBytes = DEFAULT_PAYLOAD_BYTES;
        private int perAddress = DEFAULT_PER_ADDRESS;
        private int ioThreads = DEFAULT_IO_THREADS;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration drain = DEFAULT_DRAIN;
        private Duration timeLimit = DEFAULT_TIME_LIMIT;
        private int churners = DEFAULT_CHURNERS;
        private double churnRate = DEFAULT_CHURN_RATE;
        private LoadGenerator generator = DEFAULT_GENERATOR;
        private int slowReaders = DEFAULT_SLOW_READERS;
        private SlowMode slowMode = DEFAULT_SLOW_MODE;
        private int inFlight;
        private ClientProtocol protocol = DEFAULT_PROTOCOL;
        private AckPolicy ackPolicy = DEFAULT_ACK_POLICY;

        private Builder(BenchScenario scenario, Wire wire, InetSocketAddress target) {
            this.scenario = scenario;
            this.wire = wire;
            this.target = target;
        }

        public Builder clients(int value) { clients = value; return this; }
        public Builder senders(int value) { senders = value; return this; }
        public Builder window(int value) { window = value; return this; }
        public Builder ratePerSender(double value) { ratePerSender = value; return this; }
        public Builder duration(Duration value) { duration = value; return this; }
        public Builder warmup(Duration value) { warmup = value; return this; }
        public Builder payloadBytes(int value) { payloadBytes = value; return this; }
        public Builder perAddress(int value) { perAddress = value; return this; }
        public Builder ioThreads(int value) { ioThreads = value; return this; }
        public Builder connectTimeout(Duration value) { connectTimeout = value; return this; }
        public Builder drain(Duration value) { drain = value; return this; }
        public Builder timeLimit(Duration value) { timeLimit = value; return this; }
        public Builder churners(int value) { churners = value; return this; }
        public Builder churnRate(double value) { churnRate = value; return this; }
        public Builder generator(LoadGenerator value) { generator = value; return this; }
        public Builder slowReaders(int value) { slowReaders = value; return this; }
        public Builder slowMode(SlowMode value) { slowMode = value; return this; }
        public Builder inFlight(int value) { inFlight = value; return this; }
        public Builder protocol(ClientProtocol value) { protocol = value; return this; }
        public Builder ackPolicy(AckPolicy value) { ackPolicy = value; return this; }

        public BenchConfig build() {
            return new BenchConfig(scenario, wire, target, clients, senders, window, ratePerSender, duration, warmup,
                    payloadBytes, perAddress, ioThreads, connectTimeout, drain, timeLimit, churners, churnRate, generator,
                    slowReaders, slowMode, inFlight, protocol, ackPolicy, List.of(target));
        }
    }
}
