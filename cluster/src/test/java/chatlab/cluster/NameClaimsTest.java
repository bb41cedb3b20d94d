package chatlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.testkit.Await;
import chatlab.testkit.StartingGun;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Cluster-wide names against a real nats-server: three "servers", each its own connection and claims. */
class NameClaimsTest extends BrokerTest {
    private static final Duration TTL = Duration.ofSeconds(2);

    @Test
    void aHundredClaimsOverThreeServersHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 5; round++) {
            List<NameClaims> servers = List.of(server("A"), server("B"), server("C"));
            String name = "bob" + round;
            ConcurrentLinkedQueue<Integer> winners = new ConcurrentLinkedQueue<>();
            StartingGun.fire(100, i -> {
                if (servers.get(i % 3).claim(name, name)) {
                    winners.add(i);
                }
            });
            assertThat(winners).as("winners of round " + round).hasSize(1);
            String winner = List.of("A", "B", "C").get(winners.peek() % 3);
            assertThat(servers.get(0).holder(name)).contains(winner);
        }
    }

    @Test
    void aReleasedNameIsFreeAtOnce() throws Exception {
        NameClaims a = server("A");
        NameClaims b = server("B");
        assertThat(a.claim("alice", "alice")).isTrue();
        assertThat(b.claim("alice", "Alice")).isFalse();
        assertThat(a.claim("alice", "alice")).as("held by this server too").isFalse();
        a.release("alice");
        assertThat(b.claim("alice", "Alice")).isTrue();
        assertThat(a.holder("alice")).contains("B");
    }

    /**
     * The same client (its session digest) back on another server takes its name over at once, without waiting for
     * the old claim to run out; the old server, alive, hears at its next renewal that it lost the name. Another
     * session, or none, takes nothing.
     */
    @Test
    void theSameSessionTakesItsNameOverFromAnotherServerAndNoOtherDoes() throws Exception {
        ConcurrentLinkedQueue<String> lost = new ConcurrentLinkedQueue<>();
        NameClaims a = open.add(NameClaims.open(link("A"), config().withNameTtl(TTL), "A", new NameClaims.Events() {
            @Override
            public void lost(String name) {
                lost.add(name);
            }
        }));
        NameClaims b = server("B");
        assertThat(a.claim("frank", "frank", "session-of-frank")).isTrue();
        assertThat(b.takeOver("frank", "frank", "someone-else")).as("another session").isFalse();
        assertThat(b.takeOver("frank", "frank", null)).as("no session").isFalse();
        assertThat(b.claim("frank", "frank", "session-of-frank")).as("a claim is no take-over").isFalse();
        assertThat(a.holder("frank")).contains("A");
        assertThat(b.takeOver("frank", "frank", "session-of-frank")).isTrue();
        assertThat(a.holder("frank")).contains("B");
        Await.until("A is told it lost frank", () -> lost.contains("frank"));
        // B's claim keeps the session (renewals too), so the client may move again; and a name nobody holds is claimed.
        Await.until("two of B's renewals", Duration.ofSeconds(30), () -> b.renewals() >= 2);
        NameClaims c = server("C");
        assertThat(c.takeOver("frank", "frank", "session-of-frank")).isTrue();
        assertThat(c.takeOver("gina", "gina", "session-of-gina")).as("free: claimed").isTrue();
        assertThat(a.holder("gina")).contains("C");
    }

    @Test
    void aLiveServerKeepsItsNamesPastTheTtl() throws Exception {
        NameClaims a = server("A");
        NameClaims b = server("B");
        assertThat(a.claim("carol", "carol")).isTrue();
        long start = System.nanoTime();
        // Five renewals span more than the TTL (one every third of it): the claim outlives it because it is renewed.
        Await.until("five renewals", Duration.ofSeconds(30), () -> a.renewals() >= 5);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(TTL);
        assertThat(b.claim("carol", "carol")).isFalse();
        assertThat(b.holder("carol")).contains("A");
    }

    @Test
    void aDeadServersNamesComeFreeWithinTheTtl() throws Exception {
        NameClaims a = server("A");
        NameClaims b = server("B");
        assertThat(a.claim("dave", "dave")).isTrue();
        a.close(false); // dies without a goodbye: no release, no more renewals
        assertThat(b.claim("dave", "dave")).isFalse();
        long start = System.nanoTime();
        AtomicInteger attempts = new AtomicInteger();
        Await.until("B gets the dead server's name", Duration.ofSeconds(30), () -> {
            attempts.incrementAndGet();
            try {
                return b.claim("dave", "dave");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        // The TTL plus the broker's expiry timer and one renewal period of slack.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TTL.multipliedBy(3));
        assertThat(b.holder("dave")).contains("B");
    }

    @Test
    void aClaimTakenByAnotherServerWhileCutOffIsReportedLost() throws Exception {
        ConcurrentLinkedQueue<String> lost = new ConcurrentLinkedQueue<>();
        NatsLink link = link("A");
        NameClaims a = NameClaims.open(link, config().withNameTtl(TTL), "A", new NameClaims.Events() {
            @Override
            public void lost(String name) {
                lost.add(name);
            }
        });
        open.add(a);
        NameClaims b = server("B");
        assertThat(a.claim("erin", "erin")).isTrue();
        // As if A were cut off for longer than the TTL: B deletes the key (an operator, or an expiry) and claims it.
        NatsLink admin = link("admin");
        admin.connection().keyValue(config().subjects().namesBucket()).delete(RoomSubjects.token("erin"));
        assertThat(b.claim("erin", "erin")).isTrue();
        Await.until("A is told it lost erin", () -> lost.contains("erin"));
        assertThat(b.holder("erin")).isEqualTo(Optional.of("B"));
    }

    @Test
    void aClaimThatExpiredWhileCutOffButNobodyTookIsClaimedAgain() throws Exception {
        ConcurrentLinkedQueue<String> lost = new ConcurrentLinkedQueue<>();
        NameClaims a = NameClaims.open(link("A"), config().withNameTtl(TTL), "A", new NameClaims.Events() {
            @Override
            public void lost(String name) {
                lost.add(name);
            }
        });
        open.add(a);
        assertThat(a.claim("finn", "finn")).isTrue();
        // As if A were cut off for longer than the TTL: the key expired, and nobody claimed the name meanwhile.
        open.add(link("admin")).connection().keyValue(config().subjects().namesBucket())
                .delete(RoomSubjects.token("finn"));
        long rounds = a.renewals();
        Await.until("two renewal rounds", () -> a.renewals() >= rounds + 2);
        assertThat(a.holder("finn")).contains("A");
        assertThat(lost).isEmpty();
    }

    private NameClaims server(String id) throws Exception {
        NameClaims claims = NameClaims.open(link(id), config().withNameTtl(TTL), id, NameClaims.Events.NONE);
        open.add(claims);
        return claims;
    }
}
