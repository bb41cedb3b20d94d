package chatlab.bench.scenario;

import chatlab.bench.BenchConfig;
import chatlab.bench.BenchResult;
import chatlab.bench.server.BenchCluster;
import chatlab.bench.server.ServerProbe;
import chatlab.bench.server.SpawnedServer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code chatlab bench fanout --servers K --cluster [URL]}: in each round, the scenario against K chatlab servers
 * joined in a cluster through a NATS broker, the clients spread over them in turn, and then against one chatlab
 * server alone, started the same way with the same load. Both are measured the same way (a group probe): the
 * cluster's CPU is the sum of every server process and the broker, the lone server's is its own, and each run also
 * reports its CPU time per message, per process and by role.
 *
 * @param servers   chatlab servers in the cluster
 * @param brokerUrl a running broker on the loopback, or null: the bench starts nats-server with JetStream itself, a
 *                  fresh one for every round (no streams left over from the last)
 * @param brokerPid the running broker's PID (its CPU is counted), or null
 */
public record ClusterComparison(int servers, String brokerUrl, Long brokerPid) {
    /** How long a server (or the broker) may take to listen. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** The cluster's name in the report. */
    public String clusterLabel() {
        return "chatlab x" + servers + " cluster";
    }

    /** The lone server's name in the report. */
    public static final String ALONE_LABEL = "chatlab alone";

    /**
     * Runs {@code repeat} rounds, each the cluster and then the lone server.
     *
     * @param config      the run, its target a placeholder (the servers' addresses replace it)
     * @param connections clients of the run, for the servers' limits
     * @return {@code rounds.get(r)}: the cluster's result, then the lone server's
     * @throws IllegalStateException with one sentence when a server or the broker cannot be started or read
     */
    public List<List<BenchResult>> run(BenchConfig config, int connections, SpawnedServer.ChatlabJvm jvm, int repeat,
            PrintWriter progress) {
        List<List<BenchResult>> rounds = new ArrayList<>();
        for (int round = 0; round < repeat; round++) {
            List<BenchResult> results = new ArrayList<>(2);
            try (BenchCluster cluster = BenchCluster.start(servers, brokerUrl, brokerPid, connections, jvm,
                    START_TIMEOUT)) {
                results.add(BenchRun.run(config.withSpread(cluster.addresses()), cluster.probe(), clusterLabel(),
                        progress));
            }
            try (SpawnedServer alone = SpawnedServer.start(SpawnedServer.Kind.CHATLAB, connections, jvm, START_TIMEOUT)) {
                ServerProbe probe = ServerProbe.group(List.of(new ServerProbe.Member(ServerProbe.SERVER, alone.pid())));
                results.add(BenchRun.run(config.withSpread(List.of(alone.address())), probe, ALONE_LABEL, progress));
            }
            rounds.add(results);
        }
        return rounds;
    }
}
