package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLineClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A v2 client that comes back on a new connection while its old one is still registered (a dead connection the
 * server has not timed out yet) takes its name over when its hello carries the same session: the old connection is
 * told {@code replaced} and closed, the others see it leave and come back. Another session, or none, is refused
 * with {@code name_taken} as before.
 */
class SessionTakeOverTest {
    private static final String SESSION = "s3ss10n-0f-al1ce_AAAAAAAA";

    private ServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(Limits.defaults());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private RawLineClient hello(int host, String name, String session) throws Exception {
        RawLineClient client = RawLineClient.connect(Ports.loopback(host), fixture.server.port());
        client.sendLine("{\"type\":\"hello\",\"version\":2,\"name\":\"" + name + "\",\"client\":\"test\",\"udp_port\":0"
                + (session == null ? "" : ",\"session\":\"" + session + "\"") + "}");
        return client;
    }

    @Test
    void theSameSessionTakesTheNameFromItsOldConnection() throws Exception {
        try (RawLineClient old = hello(31, "alice", SESSION); RawLineClient bob = hello(32, "bob", null)) {
            old.awaitLineContaining("\"type\":\"welcome\"");
            bob.awaitLineContaining("\"type\":\"welcome\"");

            try (RawLineClient other = hello(33, "alice", "an0ther-s3ss10n_AAAAAAAA")) {
                assertThat(other.awaitLineContaining("\"type\":\"error\"")).contains("\"code\":\"name_taken\"");
                other.awaitClosedByServer();
            }
            try (RawLineClient none = hello(34, "alice", null)) {
                assertThat(none.awaitLineContaining("\"type\":\"error\"")).contains("\"code\":\"name_taken\"");
                none.awaitClosedByServer();
            }

            try (RawLineClient back = hello(35, "alice", SESSION)) {
                assertThat(back.awaitLineContaining("\"type\":\"welcome\"")).contains("\"address\":\"127.0.0.35\"");
                assertThat(old.awaitLineContaining("\"type\":\"error\"")).contains("\"code\":\"replaced\"")
                        .contains("a new connection of yours (the same session) is alice now; this one is closed");
                old.awaitClosedByServer();
                // bob sees alice come back from her new address, and alice may talk on it.
                bob.awaitLineContaining("127.0.0.35");
                back.sendLine("{\"type\":\"say\",\"id\":\"m1\",\"text\":\"back again\"}");
                assertThat(back.awaitLineContaining("\"type\":\"ack\"")).contains("\"id\":\"m1\"");
                assertThat(bob.awaitLineContaining("back again")).contains("\"from\":\"alice\"");
            }
        }
    }
}
