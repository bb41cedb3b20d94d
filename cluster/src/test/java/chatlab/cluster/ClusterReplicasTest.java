package chatlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.KeyValueManagement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link ClusterConfig#replicas} and the other fields an operator sets, against one real nats-server: a single broker
 * keeps one replica, so asking for 3 stops the join with a sentence that says why (when the buckets are made, and when
 * they exist with one replica already), and the buckets take the config's prefix and name TTL.
 */
class ClusterReplicasTest extends BrokerTest {
    @Test
    void threeReplicasOnASingleBrokerAreRefusedWhenJoiningWithTheReason() throws Exception {
        NatsLink link = link("A");
        assertThatThrownBy(() -> JetStreamMessageLog.open(link, config().withReplicas(3)))
                .isInstanceOf(ReplicasRefusedException.class)
                .hasMessage("the broker cannot keep the bucket CHATLAB_TOPICS in 3 replicas (it is a single "
                        + "nats-server, in no NATS cluster): 3 replicas need a NATS cluster of at least 3 brokers with "
                        + "JetStream; a single nats-server keeps 1");
        assertThatThrownBy(() -> NameClaims.open(link, config().withReplicas(3), "A", NameClaims.Events.NONE))
                .isInstanceOf(ReplicasRefusedException.class)
                .hasMessageStartingWith("the broker cannot keep the bucket CHATLAB_NAMES in 3 replicas (");
    }

    /** nats-server 2.9.10 takes an existing bucket's change to 3 replicas without a word: refused before it. */
    @Test
    void threeReplicasForBucketsMadeWithOneAreRefusedWithTheReason() throws Exception {
        NatsLink link = link("A");
        open.add(JetStreamMessageLog.open(link, config()));
        assertThatThrownBy(() -> JetStreamMessageLog.open(link, config().withReplicas(3)))
                .isInstanceOf(ReplicasRefusedException.class)
                .hasMessageStartingWith("the broker cannot keep the bucket CHATLAB_TOPICS in 3 replicas (it is a "
                        + "single");
        assertThat(link.connection().keyValueManagement().getStatus("CHATLAB_TOPICS").getReplicas()).isEqualTo(1);
    }

    @Test
    void theBucketsTakeThePrefixAndTheNameTtlAndANewTtlIsApplied() throws Exception {
        NatsLink link = link("A");
        ClusterConfig config = config().withPrefix("TEAM_B").withNameTtl(Duration.ofSeconds(20));
        open.add(JetStreamMessageLog.open(link, config));
        open.add(NameClaims.open(link, config, "A", NameClaims.Events.NONE));
        KeyValueManagement kvm = link.connection().keyValueManagement();
        assertThat(kvm.getBucketNames()).containsExactlyInAnyOrder("TEAM_B_TOPICS", "TEAM_B_NAMES");
        assertThat(kvm.getStatus("TEAM_B_NAMES").getTtl()).isEqualTo(Duration.ofSeconds(20));
        assertThat(kvm.getStatus("TEAM_B_NAMES").getReplicas()).isEqualTo(1);

        open.add(NameClaims.open(link, config.withNameTtl(Duration.ofSeconds(30)), "B", NameClaims.Events.NONE));
        assertThat(kvm.getStatus("TEAM_B_NAMES").getTtl()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void valuesOutOfRangeAreRefusedWithTheirLimits() {
        assertThatThrownBy(() -> config().withReplicas(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replicas must be 1 to 5 (JetStream's most), got 0");
        assertThatThrownBy(() -> config().withReplicas(6))
                .hasMessage("replicas must be 1 to 5 (JetStream's most), got 6");
        assertThatThrownBy(() -> config().withNameTtl(Duration.ofMillis(999)))
                .hasMessage("the cluster's name time to live must be at least 1000 ms, got 999 ms");
        assertThatThrownBy(() -> config().withPresenceInterval(Duration.ofMillis(50)))
                .hasMessage("the cluster's presence interval must be at least 100 ms, got 50 ms");
        assertThatThrownBy(() -> config().withRequestTimeout(Duration.ZERO))
                .hasMessage("the cluster's request timeout must be at least 100 ms, got 0 ms");
        assertThatThrownBy(() -> config().withPrefix("chat.lab"))
                .hasMessage("prefix must be 1 to 32 upper-case letters, digits or _, got chat.lab");
    }
}
