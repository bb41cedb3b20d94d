package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.RawLabClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Silent connections are cheap to hold, and registered lab users are never timed out for silence; so what keeps a few
 * addresses from filling the room or the connection table is the per-address limits and the reserve for new
 * addresses. Each client binds its own 127.0.0.x, so every address here is a distinct source to the server.
 */
class SilentConnectionsTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    private ServerFixture server(Limits limits, ConnectionLimits connectionLimits) throws Exception {
        return cleanup.add(new ServerFixture(ServerFixture.config(limits, Duration.ZERO)
                .withConnectionLimits(connectionLimits)));
    }

    private RawLabClient connect(ServerFixture fixture, int octet) throws Exception {
        return cleanup.add(fixture.connect(octet));
    }

    private static void awaitOpen(ServerFixture fixture, int connections) {
        Await.until(connections + " connections in the server's table", fixture.server::openConnections,
                open -> open == connections);
    }

    private RawLabClient register(ServerFixture fixture, int octet, String name) throws Exception {
        RawLabClient client = connect(fixture, octet);
        client.send(name);
        client.awaitContains("\"" + name + "\": \"127.0.0." + octet + "\"");
        return client;
    }

    @Test
    void oneAddressHasAtMostEightUsersInTheRoom() throws Exception {
        ServerFixture fixture = server(Limits.defaults(), ConnectionLimits.defaults());
        List<RawLabClient> users = new ArrayList<>();
        for (int i = 1; i <= ConnectionLimits.DEFAULT_MAX_USERS_PER_ADDRESS; i++) {
            users.add(register(fixture, 40, "silent" + i));
        }
        RawLabClient ninth = connect(fixture, 40);
        ninth.send("silent9");
        ninth.awaitClosedByServer();
        assertThat(ninth.receivedText()).isEqualTo("server: cannot register: your address already has 8 users in the "
                + "room (the limit per address); closing the connection ");
        assertThat(fixture.events.lines()).contains("refused: over 8 users from one address")
                .doesNotContain("join silent9 127.0.0.40");

        register(fixture, 41, "neighbour"); // another address is not affected
        users.get(0).close();
        Await.until("silent1 to leave", () -> fixture.events.has("leave silent1: closed by the client"));
        register(fixture, 40, "silent9"); // a freed place can be taken again
    }

    @Test
    void oneAddressHasAtMostFourConnectionsThatHaveNotRegistered() throws Exception {
        ServerFixture fixture = server(Limits.defaults(), ConnectionLimits.defaults());
        List<RawLabClient> pending = new ArrayList<>();
        for (int i = 0; i < ConnectionLimits.DEFAULT_MAX_PENDING_PER_ADDRESS; i++) {
            pending.add(connect(fixture, 50));
        }
        awaitOpen(fixture, 4);
        RawLabClient fifth = connect(fixture, 50);
        fifth.awaitClosedByServer(); // told after two seconds of silence, in the lab's words
        assertThat(fifth.receivedText()).isEqualTo("server: too many connections from your address have not "
                + "registered yet (limit 4); closing this one ");
        assertThat(fixture.events.lines()).contains("refused: over 4 unregistered connections from one address");

        RawLabClient other = connect(fixture, 51); // another address is not affected
        other.send("other");
        other.awaitContains("\"other\"");

        // Once one of them registers, it no longer counts as pending: another connection from the address gets in.
        pending.get(0).send("registered");
        pending.get(0).awaitContains("\"registered\"");
        RawLabClient again = connect(fixture, 50);
        again.send("again");
        again.awaitContains("\"again\": \"127.0.0.50\"");
    }

    @Test
    void theLastTenthOfTheTableIsKeptForAddressesThatHoldNone() throws Exception {
        // 20 connections, 2 kept for new addresses; per-address limits lifted so two addresses can take the rest.
        Limits limits = Limits.defaults().withMaxConnections(20).withMaxConnectionsPerAddress(100);
        ServerFixture fixture = server(limits, ConnectionLimits.defaults().withMaxPendingPerAddress(100));
        for (int i = 0; i < 18; i++) {
            connect(fixture, 60 + i % 2);
        }
        awaitOpen(fixture, 18);
        RawLabClient known = connect(fixture, 60);
        known.awaitClosedByServer();
        assertThat(known.receivedText()).isEqualTo("server: the server is nearly full (20 connections; the last 2 are "
                + "kept for addresses that have none); try again later ");

        RawLabClient newcomer = register(fixture, 62, "newcomer"); // an address with no connection still gets in
        RawLabClient secondFromNewcomer = connect(fixture, 62);
        secondFromNewcomer.awaitClosedByServer();
        assertThat(secondFromNewcomer.receivedText()).startsWith("server: the server is nearly full");

        register(fixture, 63, "last");
        RawLabClient overTheTop = connect(fixture, 64);
        overTheTop.awaitClosedByServer();
        assertThat(overTheTop.receivedText()).isEqualTo("server: the server is full (20 connections); try again later ");
        assertThat(newcomer.closedByServer()).isFalse();
    }

    @Test
    void refusedConnectionsDoNotTakeSlotsFromOthers() throws Exception {
        Limits limits = Limits.defaults().withMaxConnections(3).withMaxConnectionsPerAddress(1);
        ServerFixture fixture = server(limits, ConnectionLimits.defaults());
        register(fixture, 70, "first");
        List<RawLabClient> refused = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            refused.add(connect(fixture, 70)); // over its address's limit: refused, but told only after 2 s of silence
        }
        register(fixture, 71, "second");
        register(fixture, 72, "third");
        for (RawLabClient client : refused) {
            client.awaitClosedByServer();
            assertThat(client.receivedText())
                    .isEqualTo("server: too many connections from your address (limit 1); closing this one ");
        }
    }
}
