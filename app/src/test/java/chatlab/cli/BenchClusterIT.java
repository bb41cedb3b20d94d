package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.testkit.NatsBroker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chatlab bench fanout --servers K --cluster}: real chatlab server processes joined through a real nats-server
 * (the bench's own, or the test's), the clients spread over them, against one server alone. A few seconds of small
 * traffic; counts and accounting only, never speed (the numbers belong to docs/BENCHMARKS.md).
 */
class BenchClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void threeServersAndTheBenchsOwnBrokerDeliverEverythingOnceAndCountEveryProcess() throws Exception {
        BenchCommandTest.Run run = BenchCommandTest.bench("fanout", "--servers", "3", "--cluster", "--clients", "12",
                "--senders", "3", "--duration", "1s", "--warmup", "0s", "--json", "--no-progress");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.get("success").asBoolean()).isTrue();
        JsonNode cluster = json.get("runs").get(0);
        JsonNode alone = json.get("runs").get(1);
        assertThat(cluster.get("server").asText()).isEqualTo("chatlab x3 cluster");
        assertThat(alone.get("server").asText()).isEqualTo("chatlab alone");
        assertThat(cluster.get("target").asText().split(", ")).as("the clients' three servers").hasSize(3);

        for (JsonNode r : List.of(cluster, alone)) {
            JsonNode traffic = r.get("traffic");
            assertThat(traffic.get("lost").asLong()).isZero();
            assertThat(traffic.get("duplicated").asLong()).isZero();
            assertThat(traffic.get("delivered").asLong()).as("every message to the 11 others, once")
                    .isEqualTo(traffic.get("expected_deliveries").asLong())
                    .isEqualTo(traffic.get("messages_sent").asLong() * 11);
            assertThat(r.get("connections").get("registered").asInt()).isEqualTo(12);
        }

        // The cluster's CPU is every server process and the broker, each counted, and summed.
        JsonNode usage = cluster.get("server_usage");
        List<String> roles = new ArrayList<>();
        double sum = 0;
        for (JsonNode process : usage.get("processes")) {
            roles.add(process.get("role").asText());
            assertThat(process.get("pid").asLong()).isPositive();
            assertThat(process.get("cpu_s").asDouble()).as(process.toString()).isPositive();
            sum += process.get("cpu_s").asDouble();
        }
        assertThat(roles).containsExactly("server", "server", "server", "broker");
        assertThat(usage.get("cpu_s").asDouble()).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-9));
        JsonNode costs = usage.get("costs");
        assertThat(costs.get("servers").asInt()).isEqualTo(3);
        assertThat(costs.get("broker_cpu_us_per_message").asDouble()).isPositive();
        assertThat(costs.get("server_cpu_us_per_message").asDouble()).isPositive();
        long measured = cluster.get("traffic").get("measured_messages").asLong();
        assertThat(costs.get("cpu_us_per_message").asDouble())
                .isCloseTo(usage.get("cpu_s").asDouble() * 1e6 / measured, org.assertj.core.data.Offset.offset(1e-6));

        // The server alone is measured the same way: one process, no broker.
        JsonNode aloneUsage = alone.get("server_usage");
        assertThat(aloneUsage.get("processes")).hasSize(1);
        assertThat(aloneUsage.get("costs").get("broker_cpu_s").isNull()).isTrue();
        assertThat(aloneUsage.get("cpu_s").asDouble()).isPositive();

        List<String> ratios = new ArrayList<>();
        json.get("ratios").forEach(r -> ratios.add(r.get("metric").asText()));
        assertThat(ratios).contains("deliveries_per_cpu_s", "latency_p99_us", "cpu_us_per_message");
    }

    @Test
    void serversJoinABrokerGivenByItsUrlAndItsPidCountsItsCpu(@TempDir Path dir) throws Exception {
        try (NatsBroker broker = NatsBroker.start(dir)) {
            long pid = ProcessHandle.current().children()
                    .filter(p -> p.info().command().orElse("").endsWith("nats-server"))
                    .mapToLong(ProcessHandle::pid).findFirst().orElseThrow();
            BenchCommandTest.Run run = BenchCommandTest.bench("fanout", "--servers", "2", "--cluster=" + broker.url(),
                    "--broker-pid", Long.toString(pid), "--clients", "8", "--senders", "2", "--duration", "1s",
                    "--warmup", "0s", "--no-progress");
            assertThat(run.code()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("compared: chatlab x2 cluster vs chatlab alone")
                    .contains("spread over 2 servers in turn")
                    .containsPattern("servers CPU +[0-9.]+ s \\(2\\) +[0-9.]+ s \\(1\\)")
                    .containsPattern("broker CPU +[0-9.]+ s +-")
                    .containsPattern("broker per message +[0-9.,]+ us +-")
                    .contains("cpu_us_per_message, chatlab x2 cluster vs chatlab alone");
            assertThat(broker.url()).startsWith("nats://127.0.0.1:");
        }
    }
}
