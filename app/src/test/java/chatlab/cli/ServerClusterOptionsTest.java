package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.cluster.ClusterConfig;
import chatlab.testkit.NatsBroker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code chatlab server --cluster-prefix --cluster-replicas --cluster-request-timeout --cluster-name-ttl
 * --cluster-presence-interval}: the values reach the cluster's config, a value out of range is one line naming the
 * option and exit status 2, and 3 replicas against a single nats-server stop the server when it joins, saying why.
 */
class ServerClusterOptionsTest extends ClusterBrokerTest {
    @Test
    void theValuesReachTheClustersConfig() {
        ServerCommand server = new ServerCommand();
        new CommandLine(server).parseArgs("--cluster", "nats://127.0.0.1:1", "--cluster-prefix", "TEAM_B",
                "--cluster-replicas", "3", "--cluster-request-timeout", "2s", "--cluster-name-ttl", "30s",
                "--cluster-presence-interval", "10s");
        ClusterConfig config = server.clusterSetup().config();
        assertThat(config).extracting(ClusterConfig::prefix, ClusterConfig::replicas, ClusterConfig::requestTimeout,
                ClusterConfig::nameTtl, ClusterConfig::presenceInterval).containsExactly("TEAM_B", 3,
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    @Test
    void aValueOutOfRangeIsOneLineNamingTheOption() {
        String url = "nats://127.0.0.1:1";
        assertThat(run(2, "server", "--cluster", url, "--cluster-replicas", "0")).isEqualTo("chatlab: "
                + "--cluster-replicas: replicas must be 1 to 5 (JetStream's most), got 0" + System.lineSeparator());
        assertThat(run(2, "server", "--cluster", url, "--cluster-prefix", "chat.lab")).isEqualTo("chatlab: "
                + "--cluster-prefix: prefix must be 1 to 32 upper-case letters, digits or _, got chat.lab"
                + System.lineSeparator());
        assertThat(run(2, "server", "--cluster", url, "--cluster-name-ttl", "500ms")).isEqualTo("chatlab: "
                + "--cluster-name-ttl: the cluster's name time to live must be at least 1000 ms, got 500 ms"
                + System.lineSeparator());
        assertThat(run(2, "server", "--cluster", url, "--cluster-presence-interval", "10ms")).isEqualTo("chatlab: "
                + "--cluster-presence-interval: the cluster's presence interval must be at least 100 ms, got 10 ms"
                + System.lineSeparator());
        assertThat(run(2, "server", "--cluster", url, "--cluster-request-timeout", "0s")).isEqualTo("chatlab: "
                + "--cluster-request-timeout: the cluster's request timeout must be at least 100 ms, got 0 ms"
                + System.lineSeparator());
    }

    @Test
    void threeReplicasOnASingleBrokerStopTheServerSayingWhy() throws Exception {
        NatsBroker broker = broker();
        ServerCommand server = new ServerCommand();
        new CommandLine(server).parseArgs("--cluster", broker.url(), "--cluster-replicas", "3");
        assertThatThrownBy(() -> server.clusterLink(server.clusterSetup())).isInstanceOf(UserError.class)
                .hasMessage("cannot join the cluster at " + broker.url() + ": the broker cannot keep the bucket "
                        + "CHATLAB_TOPICS in 3 replicas (it is a single nats-server, in no NATS cluster): 3 replicas "
                        + "need a NATS cluster of at least 3 brokers with JetStream; a single nats-server keeps 1 "
                        + "(--cluster-replicas)")
                .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(UserError.EXIT_USER_ERROR));
    }
}
