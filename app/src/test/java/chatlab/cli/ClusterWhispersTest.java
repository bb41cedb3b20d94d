package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.cluster.ClusterConfig;
import chatlab.testkit.Await;
import chatlab.testkit.NatsBroker;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.RawLineClient;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whispers (direct messages through the servers) between users of different servers of a cluster, with a single
 * server's semantics for the sender: acknowledged with seq 0 once the recipient's server gave it to its user, and the
 * same {@code unknown_user} error for a user who left; a whisper the other server does not answer fails within the
 * request timeout with a sentence saying so.
 */
class ClusterWhispersTest extends ClusterBrokerTest {
    @Test
    void aWhisperReachesAUserOnAnotherServerAndComesBack() throws Exception {
        NatsBroker broker = broker();
        ClusterConfig config = ClusterConfig.of(List.of(broker.url()));
        int portA = server(config);
        int portB = server(config);
        RawLineClient alice = v2(portA, 11, "alice");
        RawLineClient bob = v2(portB, 12, "bob");
        RawLabClient labby = cleanup.add(RawLabClient.connect(Ports.loopback(13), portB));
        labby.send("labby");
        awaitKnows(alice, "bob");
        awaitKnows(alice, "labby");
        awaitKnows(bob, "alice");

        alice.sendLine(whisper("w1", "bob", "psst"));
        String got = bob.awaitLine("alice's whisper on B", l -> l.contains("\"type\":\"whisper\""));
        assertThat(got).contains("\"from\":\"alice\"", "\"id\":\"w1\"", "\"text\":\"psst\"");
        alice.awaitLine("the whisper's ack", l -> l.startsWith("{\"type\":\"ack\",\"id\":\"w1\",\"seq\":0,"));

        bob.sendLine(whisper("w2", "alice", "back at you"));
        String back = alice.awaitLine("bob's whisper on A", l -> l.contains("\"type\":\"whisper\""));
        assertThat(back).contains("\"from\":\"bob\"", "\"id\":\"w2\"", "\"text\":\"back at you\"");
        bob.awaitLine("the answer's ack", l -> l.startsWith("{\"type\":\"ack\",\"id\":\"w2\",\"seq\":0,"));

        // A lab user on the other server gets it as the lab relay, as on one server.
        alice.sendLine(whisper("w3", "labby", "to the lab"));
        labby.awaitEndsWith("alice: (whisper) to the lab ");
        alice.awaitLine("the lab whisper's ack", l -> l.startsWith("{\"type\":\"ack\",\"id\":\"w3\",\"seq\":0,"));

        // A user who left: the same error as on one server (a user who left another server that A has not heard of
        // yet: aWhisperTheOtherServerDoesNotAnswerFailsWithinTheTimeout).
        bob.close();
        Await.until("A hears bob left", () -> alice.lines().stream()
                .anyMatch(l -> l.contains("\"left\":[{\"name\":\"bob\"")));
        alice.sendLine(whisper("w4", "bob", "still there?"));
        assertThat(alice.awaitLine("the refusal", l -> l.contains("\"ref\":\"w4\""))).isEqualTo(
                "{\"type\":\"error\",\"code\":\"unknown_user\",\"message\":\"no user named \\\"bob\\\" is in the room\","
                        + "\"fatal\":false,\"ref\":\"w4\"}");
        assertThat(alice.lines()).noneMatch(l -> l.contains("\"id\":\"w4\""));
    }

    /**
     * Other servers played on the broker by the test: one whose user has just left (it answers unknown_user), one
     * that is gone (nobody takes its whispers: the broker says there are no responders) and one that never answers.
     */
    @Test
    void aWhisperTheOtherServerDoesNotAnswerFailsWithinTheTimeout() throws Exception {
        NatsBroker broker = broker();
        Duration timeout = Duration.ofSeconds(1);
        int portA = server(ClusterConfig.of(List.of(broker.url())).withRequestTimeout(timeout));
        RawLineClient alice = v2(portA, 21, "alice");

        Connection ghost = Nats.connect(broker.url());
        cleanup.add(ghost::close);
        Dispatcher answers = ghost.createDispatcher(message -> {
            String whisper = new String(message.getData(), StandardCharsets.UTF_8);
            if (whisper.contains("\"to\":\"gus\"")) { // gus left the moment the whisper came
                ghost.publish(message.getReplyTo(), "{\"answer\":\"unknown_user\"}".getBytes(StandardCharsets.UTF_8));
            } // tim's server hangs: no answer
        });
        answers.subscribe("chatlab.whisper.ghost");
        answers.subscribe("chatlab.whisper.hung");
        ghost.publish("chatlab.presence.ghost", roster("gus"));
        ghost.publish("chatlab.presence.gone", roster("zed")); // nobody takes chatlab.whisper.gone
        ghost.publish("chatlab.presence.hung", roster("tim"));
        awaitKnows(alice, "gus");
        awaitKnows(alice, "zed");
        awaitKnows(alice, "tim");

        alice.sendLine(whisper("w1", "gus", "hi"));
        assertThat(alice.awaitLine("gus refused", l -> l.contains("\"ref\":\"w1\""))).isEqualTo(
                "{\"type\":\"error\",\"code\":\"unknown_user\",\"message\":\"no user named \\\"gus\\\" is in the room\","
                        + "\"fatal\":false,\"ref\":\"w1\"}");
        alice.sendLine(whisper("w2", "zed", "hi"));
        assertThat(alice.awaitLine("zed refused", l -> l.contains("\"ref\":\"w2\""))).isEqualTo(
                "{\"type\":\"error\",\"code\":\"unknown_user\",\"message\":\"no user named \\\"zed\\\" is in the room\","
                        + "\"fatal\":false,\"ref\":\"w2\"}");
        long sent = System.nanoTime();
        alice.sendLine(whisper("w3", "tim", "hi"));
        assertThat(alice.awaitLine("tim's whisper failed", l -> l.contains("\"ref\":\"w3\""))).isEqualTo(
                "{\"type\":\"error\",\"code\":\"cluster_unavailable\",\"message\":\"tim's server did not answer within "
                        + "1000 ms: whisper not delivered\",\"fatal\":false,\"ref\":\"w3\"}");
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(timeout);
    }

    private static byte[] roster(String name) {
        return ("{\"users\":[{\"name\":\"" + name + "\",\"address\":\"127.0.0.99\",\"udpPort\":0,\"wire\":\"v2\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String whisper(String id, String to, String text) {
        return "{\"type\":\"whisper\",\"id\":\"" + id + "\",\"to\":\"" + to + "\",\"text\":\"" + text + "\"}";
    }
}
