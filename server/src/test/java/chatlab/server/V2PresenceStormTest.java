package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLineClient;
import chatlab.testkit.StartingGun;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** On the v2 wire a join costs every other client one small delta, whatever the size of the room. */
class V2PresenceStormTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @Test
    void aJoinStormCostsEachClientOneSmallDeltaPerJoin() throws Exception {
        int count = Integer.getInteger("chatlab.stormSize", 200);
        ServerFixture fixture = cleanup.add(new ServerFixture(Limits.defaults()));
        List<RawLineClient> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(cleanup.add(RawLineClient.connect(Ports.loopback(20 + i % 200), fixture.server.port())));
        }
        StartingGun.fire(count, i -> clients.get(i).sendLine(
                "{\"type\":\"hello\",\"version\":2,\"name\":\"user" + i + "\",\"udp_port\":" + (6000 + i) + "}"));
        // Each client ends knowing everyone: its welcome listed those before it, a delta came for each one after.
        Await.until("every client to know all " + count, () -> clients.stream().allMatch(c -> {
            List<String> lines = c.lines();
            long welcomeUsers = lines.stream().filter(l -> l.contains("\"type\":\"welcome\""))
                    .mapToLong(l -> l.split("\"joined\":").length - 1).sum();
            long deltas = lines.stream().filter(l -> l.startsWith("{\"type\":\"joined\"")).count();
            return welcomeUsers + deltas == count;
        }));
        long deltaBytes = 0;
        long welcomeBytes = 0;
        int longestDelta = 0;
        for (RawLineClient client : clients) {
            for (String line : client.lines()) {
                int bytes = line.getBytes(StandardCharsets.UTF_8).length + 1;
                if (line.startsWith("{\"type\":\"joined\"")) {
                    deltaBytes += bytes;
                    longestDelta = Math.max(longestDelta, bytes);
                } else if (line.contains("\"type\":\"welcome\"")) {
                    welcomeBytes += bytes;
                }
            }
        }
        System.out.printf("v2 join storm: %d joins, %d bytes of joined deltas (longest %d bytes), "
                + "%d bytes of welcomes, %d bytes in all%n", count, deltaBytes, longestDelta, welcomeBytes,
                deltaBytes + welcomeBytes);
        // A delta names one user: its size does not grow with the room.
        assertThat(longestDelta).isLessThan(200);
        assertThat(deltaBytes).isLessThanOrEqualTo((long) count * (count - 1) / 2 * longestDelta);
    }
}
