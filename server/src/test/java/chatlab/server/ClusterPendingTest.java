package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.history.HistoryConfig;
import chatlab.history.MessageLogEvents;
import chatlab.history.SqliteMessageLog;
import chatlab.testkit.Await;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server in a cluster whose messages never come back (stored by the broker, but this server's consumer of the room
 * failed): the bound of {@link ClusterLimits}. Without it the sender waited for ever and the server kept every entry.
 */
class ClusterPendingTest {
    @TempDir
    Path dir;

    @Test
    void aMessageThatNeverComesBackIsGivenUpWithItsSenderTold() throws Exception {
        try (SqliteMessageLog log = log()) {
            RecordingClusterLink link = new RecordingClusterLink(log, new ClusterLimits(Duration.ofMillis(300), 100));
            try (ChatServer server = start(link); RoomsClient alice = RoomsClient.hello(server.port(), 2, "alice",
                    null, null)) {
                alice.send("{\"type\":\"say\",\"id\":\"m1\",\"text\":\"hello\"}");
                String answer = alice.raw.awaitLine("the answer to m1", l -> l.contains("\"ref\":\"m1\"")
                        || l.contains("\"id\":\"m1\""));
                assertThat(answer).isEqualTo("{\"type\":\"error\",\"code\":\"cluster_unavailable\",\"message\":"
                        + "\"the cluster did not hand the message back within 300 ms: it may or may not reach the "
                        + "room\",\"fatal\":false,\"ref\":\"m1\"}");
                // Coming back late, it reaches the room (nobody else is here) but is not echoed to its sender.
                link.handBack(link.published.get(0), 1);
                alice.send("{\"type\":\"say\",\"id\":\"m2\",\"text\":\"again\"}");
                Await.until("m2 published", () -> link.published.size() == 2);
                link.handBack(link.published.get(1), 2);
                alice.raw.awaitLine("m2 acknowledged", l -> l.contains("\"type\":\"ack\"")
                        && l.contains("\"id\":\"m2\"") && l.contains("\"seq\":2"));
                assertThat(alice.raw.lines()).noneMatch(l -> l.contains("\"type\":\"message\""));
            }
        }
    }

    @Test
    void pastTheCapAMessageIsRefusedAtOnce() throws Exception {
        try (SqliteMessageLog log = log()) {
            RecordingClusterLink link = new RecordingClusterLink(log, new ClusterLimits(Duration.ofMinutes(10), 2));
            try (ChatServer server = start(link); RoomsClient alice = RoomsClient.hello(server.port(), 2, "alice",
                    null, null)) {
                for (int i = 1; i <= 3; i++) {
                    alice.send("{\"type\":\"say\",\"id\":\"m" + i + "\",\"text\":\"hello " + i + "\"}");
                }
                String answer = alice.raw.awaitLine("the answer to m3", l -> l.contains("\"ref\":\"m3\""));
                assertThat(answer).isEqualTo("{\"type\":\"error\",\"code\":\"cluster_unavailable\",\"message\":"
                        + "\"too many messages (2) are waiting for the cluster: message not relayed\","
                        + "\"fatal\":false,\"ref\":\"m3\"}");
                assertThat(link.published).hasSize(2);
                // One comes back: there is room again.
                link.handBack(link.published.get(0), 1);
                alice.raw.awaitLine("m1 acknowledged", l -> l.contains("\"type\":\"ack\"")
                        && l.contains("\"id\":\"m1\""));
                alice.send("{\"type\":\"say\",\"id\":\"m4\",\"text\":\"hello 4\"}");
                Await.until("m4 published", () -> link.published.size() == 3);
            }
        }
    }

    /** A log for the link to hand the server (the stand-in for the cluster's streams: nothing is read from it here). */
    private SqliteMessageLog log() throws Exception {
        return SqliteMessageLog.open(dir.resolve("messages.db"), HistoryConfig.defaults(), MessageLogEvents.NONE,
                Clock.systemUTC());
    }

    private static ChatServer start(RecordingClusterLink link) throws Exception {
        return ChatServer.start(V2HistoryTest.config(HistorySettings.off()), ServerEvents.NONE, link);
    }
}
