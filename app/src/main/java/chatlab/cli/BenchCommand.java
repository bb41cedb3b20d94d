package chatlab.cli;

import chatlab.bench.RelayBench;
import chatlab.protocol.Limits;
import chatlab.protocol.v2.Wire;
import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code chatlab bench}: measures the server under load, on the loopback only. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures relay throughput and latency: many clients on real sockets, some of them sending as fast "
                + "as they can, every client timing every message it receives. Without --port it starts its own server "
                + "(rate limit lifted) on the loopback; with --port it loads a server already running on 127.0.0.1, "
                + "which must allow the rate (--rate, --burst). See docs/BENCHMARKS.md.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--wire", defaultValue = "lab", description = "lab or v2 (default: ${DEFAULT-VALUE}).")
    String wire;

    @Option(names = "--clients", defaultValue = "50", description = "Clients in the room (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--senders", defaultValue = "5", description = "How many of them send (default: ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = "--messages", defaultValue = "2000", description = "Messages each sender sends (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--payload", defaultValue = "64", description = "Characters per message (default: ${DEFAULT-VALUE}).")
    int payload;

    @Option(names = "--rate", defaultValue = "0",
            description = "Messages per second per sender; 0 sends as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--port", description = "Load the server on 127.0.0.1 at this port instead of starting one.")
    Integer port;

    @Option(names = "--time-limit", defaultValue = "120s", converter = DurationConverter.class,
            description = "Stop after this long even if not every message arrived (default: ${DEFAULT-VALUE}).")
    Duration timeLimit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Wire chosen;
        try {
            chosen = Wire.parse(wire);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), 2);
        }
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        ChatServer own = null;
        int target;
        if (port == null) {
            Limits limits = Limits.defaults().withMessagesPerSecond(1e9).withBurstMessages(1_000_000)
                    .withMaxUsers(Math.max(Limits.DEFAULT_MAX_USERS, clients + 1));
            own = ChatServer.start(ServerConfig.defaults().withBindAddresses(List.of(loopback)).withPort(0)
                    .withLimits(limits), ServerEvents.NONE);
            target = own.port();
        } else {
            target = port;
        }
        try {
            RelayBench.Config config;
            try {
                config = new RelayBench.Config(loopback, target, chosen, clients, senders, messages, payload, rate, timeLimit);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage(), 2);
            }
            var out = spec.commandLine().getOut();
            out.printf("relay bench: %s wire, %d clients, %d senders x %d messages of %d characters%s (%,d deliveries)%n",
                    chosen.text(), clients, senders, messages, payload,
                    rate > 0 ? String.format(" at %.0f/s each", rate) : " as fast as possible",
                    (long) senders * messages * (clients - 1));
            RelayBench.Result result = new RelayBench(config).run();
            out.println(result.summary());
            return result.complete() ? 0 : 1;
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }
}
