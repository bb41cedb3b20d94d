package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.LabPrograms;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLabClient;
import chatlab.testkit.ScriptedProcess;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lab's own Python client in the default room of a server with rooms: its user list (its own #ls) holds the
 * default room's members only, it prints the default room's messages only, and a raw lab observer beside it gets
 * the same maps and relays byte for byte as before rooms.
 */
class LabProgramsInRoomsIT {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void closeAll() throws Exception {
        cleanup.close();
    }

    @Test
    void theLabsClientSeesTheDefaultRoomAloneWhileV2ClientsTalkInAnother() throws Exception {
        InetAddress labAddress = Ports.loopback(11);
        int port = Ports.freeForTcpAndUdp(labAddress);
        ChatServer server = cleanup.add(ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName("127.0.0.1"))).withPort(port)
                .withLimits(Limits.defaults()).withPresenceBatchWindow(Duration.ZERO), ServerEvents.NONE));

        RawLabClient observer = cleanup.add(RawLabClient.connect(Ports.loopback(14), port));
        observer.send("observer");
        String observerMap = RawLabClient.paddedMap("!{\"observer\": \"127.0.0.14\"}");
        observer.awaitReceived(observerMap);
        ScriptedProcess labby = cleanup.add(LabPrograms.startClient("labby", "127.0.0.1", port, labAddress));
        labby.typeLine("labby");
        String withLabby = RawLabClient.paddedMap("!{\"observer\": \"127.0.0.14\", \"labby\": \"127.0.0.11\"}");
        observer.awaitReceived(observerMap + withLabby);

        RoomsClient alice = cleanup.add(RoomsClient.withRooms(port, 21, "alice",
                "[{\"room\":\"#general\"},{\"room\":\"#dev\"}]"));
        RoomsClient carol = cleanup.add(RoomsClient.withRooms(port, 23, "carol",
                "[{\"room\":\"#dev\"}]"));
        alice.awaitMembers("#dev", "alice", "carol");
        alice.awaitMembers("#general", "observer", "labby", "alice");
        String withAlice = RawLabClient.paddedMap(
                "!{\"observer\": \"127.0.0.14\", \"labby\": \"127.0.0.11\", \"alice\": \"127.0.0.21\"}");
        observer.awaitReceived(observerMap + withLabby + withAlice);

        carol.send("{\"type\":\"say\",\"id\":\"c1\",\"room\":\"#dev\",\"text\":\"only for dev\"}");
        alice.await("only for dev");
        alice.send("{\"type\":\"say\",\"id\":\"a1\",\"room\":\"#dev\",\"text\":\"dev reply\"}");
        carol.await("dev reply");
        alice.send("{\"type\":\"say\",\"id\":\"a2\",\"room\":\"#general\",\"text\":\"hello lab\"}");
        labby.awaitStdout("incoming msg from chatserver (alice: hello lab )");
        labby.typeLine("hi alice");
        alice.await("\"from\":\"labby\"", "hi alice");
        observer.awaitEndsWith("alice: hello lab labby: hi alice ");

        String labView = "{'observer': '127.0.0.14', 'labby': '127.0.0.11', 'alice': '127.0.0.21'}";
        Await.until("labby to list the default room's members", () -> {
            if (!labby.stdout().contains(labView)) {
                labby.typeLine("#ls");
                return false;
            }
            return true;
        });
        assertThat(labby.stdout()).doesNotContain("carol").doesNotContain("only for dev").doesNotContain("dev reply");
        assertThat(observer.receivedText()).isEqualTo(observerMap + withLabby + withAlice
                + "alice: hello lab labby: hi alice ");
        assertThat(carol.said("#dev")).containsExactly("alice: dev reply");
        assertThat(labby.stderr()).doesNotContain("Traceback");
    }
}
