package chatlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.Wire;
import chatlab.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Rosters between three "servers" through a real nats-server: joins, a goodbye, and a server that goes silent. */
class PresenceExchangeTest extends BrokerTest {
    private static final Duration INTERVAL = Duration.ofMillis(300);

    @Test
    void everyServerKnowsTheOthersUsersUntilTheyLeaveOrGoSilent() throws Exception {
        Map<String, List<RemoteUser>> seenByA = new ConcurrentHashMap<>();
        Map<String, List<RemoteUser>> seenByB = new ConcurrentHashMap<>();
        NatsLink linkC = link("C");
        exchange("A", link("A"), seenByA);
        PresenceExchange b = exchange("B", link("B"), seenByB);
        PresenceExchange c = exchange("C", linkC, new ConcurrentHashMap<>());

        RemoteUser bob = new RemoteUser("bob", "127.0.0.2", 5000, Wire.LAB);
        RemoteUser carol = new RemoteUser("carol", "127.0.0.3", 0, Wire.V2);
        b.announce(List.of(bob));
        c.announce(List.of(carol));
        Await.until("A knows B's and C's users", () -> List.of(bob).equals(seenByA.get("B"))
                && List.of(carol).equals(seenByA.get("C")));
        Await.until("B knows C's users and not its own", () -> List.of(carol).equals(seenByB.get("C")));
        assertThat(seenByB).doesNotContainKey("B");

        b.close(); // a clean stop: a goodbye
        Await.until("A hears B's goodbye", () -> List.of().equals(seenByA.get("B")));

        long silentSince = System.nanoTime();
        linkC.close(); // C dies: no goodbye, no more rosters
        Await.until("A forgets silent C", () -> List.of().equals(seenByA.get("C")));
        // Three intervals of silence, plus one interval of the timer's granularity.
        assertThat(Duration.ofNanos(System.nanoTime() - silentSince)).isLessThan(INTERVAL.multipliedBy(4 + 4));
    }

    private PresenceExchange exchange(String server, NatsLink link, Map<String, List<RemoteUser>> seen) {
        PresenceExchange exchange = PresenceExchange.open(link, config().withPresenceInterval(INTERVAL), server,
                (from, users) -> seen.put(from, List.copyOf(users)));
        open.add(exchange);
        return exchange;
    }
}
