package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.cluster.ClusterConfig;
import chatlab.testkit.Await;
import chatlab.testkit.NatsBroker;
import chatlab.testkit.Ports;
import chatlab.testkit.RawLineClient;
import chatlab.testkit.TcpRelay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A name claim lost while a server was cut off from the broker (NameClaims.Events.lost): server A is cut off (a TCP
 * relay between it and the broker stops relaying) for longer than a claim lives, so server B forgets A's users and
 * lets a new user take the name of one of them; when A's link is back, its renewal finds the name taken, and A's user
 * of that name is refused with {@code name_taken} and disconnected, while its other users, whose names nobody took,
 * stay (their claims are made again). A's other users then see B's user of that name, and a whisper to it reaches
 * B's user.
 */
class ClusterNameLostTest extends ClusterBrokerTest {
    private static final Duration TTL = Duration.ofMillis(1500);
    private static final Duration INTERVAL = Duration.ofMillis(300);

    @Test
    void aNameTakenElsewhereWhileCutOffDisconnectsItsUserWhenTheLinkIsBack() throws Exception {
        NatsBroker broker = broker();
        TcpRelay partition = cleanup.add(TcpRelay.to(Integer.parseInt(broker.url().substring(
                broker.url().lastIndexOf(':') + 1))));
        ClusterConfig direct = ClusterConfig.of(List.of(broker.url())).withNameTtl(TTL).withPresenceInterval(INTERVAL);
        int portA = server(ClusterConfig.of(List.of("nats://127.0.0.1:" + partition.port())).withNameTtl(TTL)
                .withPresenceInterval(INTERVAL));
        int portB = server(direct);
        RawLineClient erinA = v2(portA, 51, "erin");
        RawLineClient walt = v2(portA, 52, "walt");
        RawLineClient bea = v2(portB, 53, "bea");
        awaitKnows(bea, "erin");

        partition.cut();
        // B forgets A's users after three missed rosters, and erin's claim expires: a new erin gets in on B.
        AtomicReference<RawLineClient> erinB = new AtomicReference<>();
        int[] octet = {60};
        long[] triedAt = {0};
        Await.until("a new erin registered on B", Duration.ofSeconds(30), () -> {
            if (System.nanoTime() - triedAt[0] < 300_000_000L) {
                return false;
            }
            triedAt[0] = System.nanoTime();
            try { // each try from its own address: the server limits new connections per address
                RawLineClient attempt = cleanup.add(RawLineClient.connect(Ports.loopback(octet[0]++), portB));
                attempt.sendLine(hello("erin", ""));
                String answer = attempt.awaitLine("an answer", l -> l.contains("\"type\":\"welcome\"")
                        || l.contains("\"type\":\"error\""));
                if (answer.contains("\"type\":\"welcome\"")) {
                    erinB.set(attempt);
                    return true;
                }
                assertThat(answer).contains("\"code\":\"name_taken\"");
                attempt.close();
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(erinA.closedByServer()).isFalse(); // A knows nothing of it yet

        partition.restore();
        // A's next renewal finds the name taken: its erin goes, told why.
        erinA.awaitClosedByServer();
        assertThat(erinA.lines()).anyMatch(l -> l.startsWith("{\"type\":\"error\",\"code\":\"name_taken\"")
                && l.contains("\"fatal\":true"));
        // B's erin is untouched, and is the erin A's other users know now: a whisper reaches it.
        long[] sentAt = {0};
        int[] sent = {0};
        Await.until("walt's whisper reaches B's erin", () -> {
            if (System.nanoTime() - sentAt[0] > 500_000_000L) { // until A lists B's erin: unknown_user
                try {
                    walt.sendLine("{\"type\":\"whisper\",\"id\":\"w" + sent[0]++ + "\",\"to\":\"erin\","
                            + "\"text\":\"who are you?\"}");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                sentAt[0] = System.nanoTime();
            }
            return erinB.get().lines().stream().anyMatch(l -> l.contains("\"text\":\"who are you?\""));
        });
        assertThat(erinB.get().closedByServer()).isFalse();
        assertThat(walt.closedByServer()).isFalse();
    }
}
