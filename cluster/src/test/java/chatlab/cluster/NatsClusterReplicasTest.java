package chatlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.history.LoggedMessage;
import chatlab.protocol.v2.Wire;
import chatlab.testkit.Await;
import chatlab.testkit.NatsBroker;
import chatlab.testkit.Ports;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code --cluster-replicas 3} on a NATS cluster of three real nats-servers on the loopback (JetStream clustered,
 * routes between them): the buckets are made with 3 replicas, a room stream made with one is given 3, and when the
 * broker the server is connected to is killed, the server moves to another and what was stored is still there and new
 * messages are stored.
 */
class NatsClusterReplicasTest extends OwnBrokersTest {
    private static final Duration CLUSTER_FORMS = Duration.ofSeconds(60);

    /** The room's last number used. */
    private long seq;

    @Test
    void threeReplicasOnANatsClusterOfThreeSurviveABrokerKilled() throws Exception {
        List<Integer> routes = List.of(Ports.freeForTcpAndUdp(), Ports.freeForTcpAndUdp(), Ports.freeForTcpAndUdp());
        String allRoutes = String.join(",", routes.stream().map(p -> "nats://127.0.0.1:" + p).toList());
        List<NatsBroker> brokers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            brokers.add(open.add(NatsBroker.start(dir.resolve("broker-" + i), List.of("-n", "broker-" + i,
                    "--cluster_name", "chatlab-test", "--cluster", "nats://127.0.0.1:" + routes.get(i),
                    "--routes", allRoutes))));
        }
        ClusterConfig config = ClusterConfig.of(brokers.stream().map(NatsBroker::url).toList()).withReplicas(3);
        NatsLink link = open.add(NatsLink.connect(config, "replicas test"));
        // JetStream answers once the three have elected their meta leader.
        Await.until("the NATS cluster's JetStream is up", CLUSTER_FORMS, () -> {
            try {
                link.connection().jetStreamManagement().getAccountStatistics();
                return true;
            } catch (Exception e) {
                return false;
            }
        });

        // The room's stream as a server with one replica made it (an operator who then goes to three): the log's
        // first append gives it the config's three.
        var jsm = link.connection().jetStreamManagement();
        new RoomStreams(jsm, config.withReplicas(1)).ensure("#general");
        assertThat(jsm.getStreamInfo(config.subjects().stream("#general")).getConfiguration().getReplicas())
                .isEqualTo(1);
        JetStreamMessageLog log = open.add(JetStreamMessageLog.open(link, config));
        // The stream going from one replica to three has no leader for a moment: an append may be refused.
        LoggedMessage first = storeEventually(log, "before the kill",
                "a message stored while the stream goes to three replicas");
        var kvm = link.connection().keyValueManagement();
        assertThat(kvm.getStatus("CHATLAB_TOPICS").getReplicas()).isEqualTo(3);
        assertThat(jsm.getStreamInfo(config.subjects().stream("#general")).getConfiguration().getReplicas())
                .isEqualTo(3);

        String connected = link.connection().getConnectedUrl();
        NatsBroker victim = brokers.stream().filter(b -> connected.endsWith(b.url().substring("nats://".length())))
                .findFirst().orElseThrow();
        victim.kill();
        Await.until("the server moved to another broker", CLUSTER_FORMS,
                () -> link.state() == NatsLink.State.CONNECTED
                        && !connected.equals(link.connection().getConnectedUrl()));
        LoggedMessage second = storeEventually(log, "after the kill", "a message stored with one broker of three gone");
        // Attempts that failed may be stored too (an acknowledgement that timed out), never in another order.
        assertThat(log.last("#general", 100).get(30, TimeUnit.SECONDS)).containsSubsequence(first, second);
    }

    /**
     * Sends a message until one is stored, each attempt with the next number, as a room would (a failed append's
     * number is never used again): while a stream elects a new leader an append may fail.
     */
    private LoggedMessage storeEventually(JetStreamMessageLog log, String text, String what) {
        AtomicReference<Throwable> lastFailure = new AtomicReference<>();
        AtomicReference<LoggedMessage> stored = new AtomicReference<>();
        try {
            Await.until(what, CLUSTER_FORMS, () -> {
                LoggedMessage message = message(++seq, text);
                try {
                    log.append(List.of(message)).get(30, TimeUnit.SECONDS);
                    stored.set(message);
                    return true;
                } catch (Exception e) {
                    lastFailure.set(e);
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the last attempt failed with " + lastFailure.get(), e);
        }
        return stored.get();
    }

    private static LoggedMessage message(long seq, String text) {
        return new LoggedMessage("#general", seq, Instant.parse("2026-12-07T18:00:00Z").plusSeconds(seq), "alice",
                Wire.V2, "a" + seq, text, false);
    }
}
