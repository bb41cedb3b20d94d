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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On the v2 wire a join storm costs each client one entry per user: its welcome lists the room as last announced
 * (and itself), and one presence message per announcement brings the joins since then, encoded once for everyone.
 */
class V2PresenceStormTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @Test
    void aJoinStormCostsEachClientOneEntryPerUser() throws Exception {
        int count = Integer.getInteger("chatlab.stormSize", 200);
        ServerFixture fixture = cleanup.add(new ServerFixture(Limits.defaults()));
        List<RawLineClient> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(cleanup.add(RawLineClient.connect(Ports.loopback(20 + i % 200), fixture.server.port())));
        }
        StartingGun.fire(count, i -> clients.get(i).sendLine(
                "{\"type\":\"hello\",\"version\":2,\"name\":\"user" + i + "\",\"udp_port\":" + (6000 + i) + "}"));
        ServerMessageDecoder decoder = new ServerMessageDecoder();
        Await.until("every client to know all " + count, () -> clients.stream().allMatch(c -> known(c, decoder).size() == count));
        long presenceBytes = 0;
        long welcomeBytes = 0;
        for (RawLineClient client : clients) {
            int entries = 0;
            for (String line : client.lines()) {
                int bytes = line.getBytes(StandardCharsets.UTF_8).length + 1;
                ServerMessage message = decoder.decode(line.getBytes(StandardCharsets.UTF_8));
                if (message instanceof ServerMessage.Presence presence) {
                    presenceBytes += bytes;
                    entries += presence.joined().size();
                    assertThat(presence.left()).isEmpty();
                } else if (message instanceof ServerMessage.Welcome welcome) {
                    welcomeBytes += bytes;
                    entries += welcome.users().size();
                }
            }
            // Everyone once, and the client itself twice at most (in its welcome and in the announcement).
            assertThat(entries).isLessThanOrEqualTo(count + 1);
        }
        System.out.printf("v2 join storm: %d joins, %d bytes of presence, %d bytes of welcomes, %d bytes in all%n",
                count, presenceBytes, welcomeBytes, presenceBytes + welcomeBytes);
        assertThat(fixture.server.v2PresenceBytesSent()).isEqualTo(presenceBytes);
    }

    @Test
    void aClientThatAcceptsDeflateGetsLargePresenceDeflatedAndIdentical() throws Exception {
        ServerFixture fixture = cleanup.add(new ServerFixture(Limits.defaults()));
        RawLineClient plain = cleanup.add(RawLineClient.connect(Ports.loopback(10), fixture.server.port()));
        RawLineClient deflating = cleanup.add(RawLineClient.connect(Ports.loopback(11), fixture.server.port()));
        plain.sendLine("{\"type\":\"hello\",\"version\":2,\"name\":\"plain\"}");
        deflating.sendLine("{\"type\":\"hello\",\"version\":2,\"name\":\"deflating\",\"features\":[\"deflate\"]}");
        ServerMessageDecoder decoder = new ServerMessageDecoder();
        Await.until("both to know each other", () -> known(plain, decoder).size() == 2 && known(deflating, decoder).size() == 2);
        int count = 60;
        List<RawLineClient> crowd = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            crowd.add(cleanup.add(RawLineClient.connect(Ports.loopback(20 + i), fixture.server.port())));
        }
        StartingGun.fire(count, i -> crowd.get(i).sendLine(
                "{\"type\":\"hello\",\"version\":2,\"name\":\"someone-with-a-long-name-" + i + "\"}"));
        Await.until("both to know all", () -> known(plain, decoder).size() == count + 2
                && known(deflating, decoder).size() == count + 2);
        assertThat(known(deflating, decoder)).isEqualTo(known(plain, decoder));
        assertThat(plain.lines()).noneMatch(l -> l.startsWith("{\"type\":\"z\""));
        // The same announcements of the crowd reach both; the large ones come deflated to the client that asked.
        List<String> plainPresence = crowdAnnouncements(plain, decoder);
        List<String> deflatedPresence = crowdAnnouncements(deflating, decoder);
        assertThat(deflatedPresence).hasSameSizeAs(plainPresence);
        boolean anyLarge = false;
        for (int i = 0; i < plainPresence.size(); i++) {
            String line = plainPresence.get(i);
            ServerMessage expected = decoder.decode(line.getBytes(StandardCharsets.UTF_8));
            ServerMessage got = decoder.decode(deflatedPresence.get(i).getBytes(StandardCharsets.UTF_8));
            if (line.length() + 1 > SharedLine.DEFLATE_ABOVE_BYTES) {
                anyLarge = true;
                assertThat(got).isEqualTo(new ServerMessage.Deflated(expected));
                assertThat(deflatedPresence.get(i).length()).isLessThan(line.length() / 3);
            } else {
                assertThat(got).isEqualTo(expected);
            }
        }
        assertThat(anyLarge).as("60 joins with long names make at least one large presence").isTrue();
    }

    /** The presence lines (plain or deflated) that announce members of the crowd. */
    private static List<String> crowdAnnouncements(RawLineClient client, ServerMessageDecoder decoder) {
        List<String> lines = new ArrayList<>();
        for (String line : client.lines()) {
            try {
                ServerMessage message = decoder.decode(line.getBytes(StandardCharsets.UTF_8));
                if (message instanceof ServerMessage.Deflated deflated) {
                    message = deflated.inner();
                }
                if (message instanceof ServerMessage.Presence presence
                        && presence.joined().stream().anyMatch(u -> u.name().startsWith("someone"))) {
                    lines.add(line);
                }
            } catch (Exception e) {
                throw new AssertionError("undecodable line " + line, e);
            }
        }
        return lines;
    }

    /** The names a client knows from its welcome and the presence messages, in order. */
    private static Set<String> known(RawLineClient client, ServerMessageDecoder decoder) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : client.lines()) {
            ServerMessage message;
            try {
                message = decoder.decode(line.getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new AssertionError("undecodable line " + line, e);
            }
            if (message instanceof ServerMessage.Deflated deflated) {
                message = deflated.inner();
            }
            if (message instanceof ServerMessage.Welcome welcome) {
                welcome.users().forEach(u -> names.add(u.name()));
            } else if (message instanceof ServerMessage.Presence presence) {
                presence.left().forEach(l -> names.remove(l.name()));
                presence.joined().forEach(u -> names.add(u.name()));
            }
        }
        return names;
    }
}
