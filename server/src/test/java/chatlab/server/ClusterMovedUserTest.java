package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.history.HistoryConfig;
import chatlab.history.MessageLogEvents;
import chatlab.history.SqliteMessageLog;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user that moved from a dead server to a live one (its session took its name over there) is announced by the
 * live server while this server still holds the dead server's copy of it: left out until the dead server's roster
 * goes, then let in at once. Before, it stayed out until the live server's roster changed again (rosters are heard
 * only when they change), and a testbed partition check missed it.
 */
class ClusterMovedUserTest {
    @TempDir
    Path dir;

    @Test
    void aUserThatMovedIsListedOnceTheDeadServersCopyGoes() throws Exception {
        try (SqliteMessageLog log = SqliteMessageLog.open(dir.resolve("messages.db"), HistoryConfig.defaults(),
                MessageLogEvents.NONE, Clock.systemUTC())) {
            RecordingClusterLink link = new RecordingClusterLink(log, ClusterLimits.defaults());
            try (ChatServer server = ChatServer.start(V2HistoryTest.config(HistorySettings.off()), ServerEvents.NONE,
                    link); RoomsClient carol = RoomsClient.hello(server.port(), 2, "carol", null, null)) {
                carol.await("\"type\":\"welcome\"");
                ClusterLink.Present alice = new ClusterLink.Present(
                        new UserInfo("alice", "10.20.30.7", 0, Wire.V2, Instant.now()), null);
                link.roster("dead", List.of(alice));
                carol.await("\"joined\"", "alice", "10.20.30.7");
                link.roster("live", List.of(alice)); // she moved: left out while the dead server's copy holds the name
                link.roster("dead", List.of()); // the dead server's roster goes (it went silent)
                // One presence: the dead server's alice left, the live server's alice joined.
                String moved = carol.await("\"left\":[{\"name\":\"alice\",\"reason\":\"left the cluster's server dead\"}");
                assertThat(moved).contains("\"joined\":[{\"name\":\"alice\"");
                assertThat(carol.raw.lines().stream().filter(l -> l.contains("\"joined\":[{\"name\":\"alice\""))
                        .count()).as(String.join("\n", carol.raw.lines())).isEqualTo(2);
            }
        }
    }
}
