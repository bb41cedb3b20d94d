package chatlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.history.LoggedMessage;
import chatlab.history.MessageLogException;
import chatlab.history.Retention;
import chatlab.history.RoomInfo;
import chatlab.history.SearchQuery;
import chatlab.protocol.v2.Wire;
import chatlab.testkit.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The JetStream log against a real nats-server on the loopback. */
class JetStreamMessageLogTest extends BrokerTest {
    @Test
    void keepsEveryFieldOfEveryMessage() throws Exception {
        List<LoggedMessage> batch = List.of(
                new LoggedMessage("#général.room *>", 1, Instant.parse("2026-12-01T10:15:30.123456789Z"), "bjørn",
                        Wire.V2, "k3x9", "blåbærsyltetøy 🫐 \"quoted\" \\ and a\ttab", false),
                new LoggedMessage("#général.room *>", 2, Instant.parse("2026-12-01T10:15:31Z"), "lab-user", Wire.LAB,
                        null, "from the lab: no id", false),
                new LoggedMessage("#général.room *>", 5, Instant.parse("1969-07-20T20:17:40Z"), "alice", Wire.V2, "a1",
                        "waves", true));
        try (NatsLink link = link(); JetStreamMessageLog log = JetStreamMessageLog.open(link, config())) {
            await(log.append(batch));
            assertThat(await(log.last("#général.room *>", 50))).isEqualTo(batch);
            RoomInfo info = await(log.room("#général.room *>")).orElseThrow();
            assertThat(info).extracting(RoomInfo::name, RoomInfo::topic, RoomInfo::lastSeq, RoomInfo::firstSeq,
                    RoomInfo::messages).containsExactly("#général.room *>", null, 5L, 1L, 3L);
        }
    }

    @Test
    void pagesBackwardsAndResumesForwards() throws Exception {
        try (NatsLink link = link(); JetStreamMessageLog log = JetStreamMessageLog.open(link, config())) {
            // Numbers with gaps (a failed batch's numbers are never used): 2, 4, ..., 240
            for (int from = 1; from <= 120; from += 7) {
                List<LoggedMessage> batch = new ArrayList<>();
                for (int i = from; i < from + 7 && i <= 120; i++) {
                    batch.add(message("#r", 2L * i, "m" + i));
                }
                await(log.append(batch));
            }
            assertThat(seqs(await(log.last("#r", 50)))).isEqualTo(evens(142, 240));
            assertThat(seqs(await(log.before("#r", 142, 50)))).isEqualTo(evens(42, 140));
            assertThat(seqs(await(log.before("#r", 41, 50)))).isEqualTo(evens(2, 40));
            assertThat(await(log.before("#r", 2, 50))).isEmpty();
            assertThat(seqs(await(log.after("#r", 200, 10)))).isEqualTo(evens(202, 220));
            assertThat(seqs(await(log.after("#r", 201, 10)))).isEqualTo(evens(202, 220));
            assertThat(seqs(await(log.after("#r", 0, 3)))).isEqualTo(evens(2, 6));
            assertThat(await(log.after("#r", 240, 10))).isEmpty();
            assertThat(await(log.last("#nobody-here", 50))).isEmpty();
            assertThat(await(log.room("#nobody-here"))).isEmpty();
        }
    }

    @Test
    void roomsAreKeptApartAndTopicsKept() throws Exception {
        try (NatsLink link = link(); JetStreamMessageLog log = JetStreamMessageLog.open(link, config())) {
            await(log.append(List.of(message("#a", 1, "one in a"), message("#b", 1, "one in b"),
                    message("#a", 2, "two in a"))));
            await(log.setTopic("#b", "the b room"));
            assertThat(await(log.last("#a", 10))).extracting(LoggedMessage::text).containsExactly("one in a",
                    "two in a");
            assertThat(await(log.last("#b", 10))).extracting(LoggedMessage::text).containsExactly("one in b");
            assertThat(await(log.rooms())).extracting(RoomInfo::name, RoomInfo::topic, RoomInfo::lastSeq)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("#a", null, 2L),
                            org.assertj.core.groups.Tuple.tuple("#b", "the b room", 1L));
            await(log.setTopic("#b", null));
            assertThat(await(log.room("#b")).orElseThrow().topic()).isNull();
        }
    }

    @Test
    void aBatchThatDoesNotRiseFailsAloneAndStoresNothing() throws Exception {
        try (NatsLink link = link(); JetStreamMessageLog log = JetStreamMessageLog.open(link, config())) {
            await(log.append(List.of(message("#r", 10, "ten"))));
            CompletableFuture<Void> bad = log.append(List.of(message("#r", 11, "eleven"), message("#r", 10, "again")));
            assertThat(failureOf(bad).reason()).isEqualTo(MessageLogException.Reason.INVALID);
            assertThat(failureOf(bad).getMessage())
                    .isEqualTo("message 10 of #r is not above the room's last number 11: message not stored");
            await(log.append(List.of(message("#r", 12, "twelve"))));
            assertThat(seqs(await(log.last("#r", 10)))).containsExactly(10L, 12L);
        }
        // A log opened again (another server, a restart) knows the room's last number from the broker.
        try (NatsLink link = link(); JetStreamMessageLog log = JetStreamMessageLog.open(link, config())) {
            assertThat(failureOf(log.append(List.of(message("#r", 12, "twelve again")))).reason())
                    .isEqualTo(MessageLogException.Reason.INVALID);
            await(log.append(List.of(message("#r", 13, "thirteen"))));
            assertThat(await(log.room("#r")).orElseThrow().lastSeq()).isEqualTo(13);
        }
    }

    @Test
    void theBrokerKeepsTheNewestMessagesOfTheRetention() throws Exception {
        ClusterConfig config = config().withRetention(Retention.defaults().withMaxMessages(10));
        try (NatsLink link = link(); JetStreamMessageLog log = JetStreamMessageLog.open(link, config)) {
            await(log.append(LongStream.rangeClosed(1, 25).mapToObj(i -> message("#r", i, "m" + i)).toList()));
            assertThat(seqs(await(log.last("#r", 50)))).isEqualTo(LongStream.rangeClosed(16, 25).boxed().toList());
            assertThat(await(log.room("#r")).orElseThrow()).extracting(RoomInfo::firstSeq, RoomInfo::lastSeq,
                    RoomInfo::messages).containsExactly(16L, 25L, 10L);
            assertThat(await(log.trim())).isEmpty(); // the broker did it as it appended
        }
        // An operator who changes the rules has them applied to the existing stream when a log opens it.
        ClusterConfig smaller = config().withRetention(Retention.defaults().withMaxMessages(4));
        try (NatsLink link = link(); JetStreamMessageLog log = JetStreamMessageLog.open(link, smaller)) {
            await(log.append(List.of(message("#r", 26, "m26"))));
            assertThat(seqs(await(log.last("#r", 50)))).containsExactly(23L, 24L, 25L, 26L);
        }
    }

    @Test
    void searchSaysItIsNotAvailable() throws Exception {
        try (NatsLink link = link(); JetStreamMessageLog log = JetStreamMessageLog.open(link, config())) {
            assertThat(failureOf(log.search("#r", SearchQuery.parse("hello"), Long.MAX_VALUE, 10)).getMessage())
                    .isEqualTo("search is not available on a cluster's message log (the broker's streams have no "
                            + "word index)");
        }
    }

    /**
     * The broker is killed (SIGKILL) while a writer appends batches and restarted on its store: every batch that was
     * acknowledged is there, once and in order; while it is away appends fail (and say why) and the log's health says
     * so; after the restart the link comes back by itself and appends work again.
     */
    @Test
    void nothingAcknowledgedIsLostWhenTheBrokerIsKilled() throws Exception {
        ClusterConfig config = config().withRequestTimeout(Duration.ofSeconds(2));
        try (NatsLink link = link(); JetStreamMessageLog log = JetStreamMessageLog.open(link, config)) {
            List<Long> acknowledged = new ArrayList<>();
            long seq = 0;
            for (int batch = 0; batch < 40; batch++) {
                List<LoggedMessage> messages = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    messages.add(message("#r", ++seq, "before " + seq));
                }
                await(log.append(messages));
                messages.forEach(m -> acknowledged.add(m.seq()));
            }
            // Batches in flight as the broker dies: some may be acknowledged, the others fail.
            List<CompletableFuture<Void>> inFlight = new ArrayList<>();
            List<List<Long>> inFlightSeqs = new ArrayList<>();
            for (int batch = 0; batch < 20; batch++) {
                List<LoggedMessage> messages = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    messages.add(message("#r", ++seq, "around " + seq));
                }
                inFlight.add(log.append(messages));
                inFlightSeqs.add(messages.stream().map(LoggedMessage::seq).toList());
                if (batch == 10) {
                    broker.kill();
                }
            }
            for (int i = 0; i < inFlight.size(); i++) {
                try {
                    inFlight.get(i).get(30, TimeUnit.SECONDS);
                    acknowledged.addAll(inFlightSeqs.get(i));
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(MessageLogException.of(e).getMessage()).endsWith(": message not stored");
                }
            }
            Await.until("the link notices the broker is gone", () -> !log.health().isOk());
            long refused = ++seq;
            MessageLogException away = failureOf(log.append(List.of(message("#r", refused, "while away"))));
            assertThat(away.getMessage()).isIn("the cluster's message broker is unreachable: message not stored",
                    "the cluster's message broker did not acknowledge within 2000 ms: message not stored");

            broker.start();
            Await.until("the link is back", Duration.ofSeconds(30), () -> log.health().isOk());
            // The broker answers once it has read its streams back: until then an append is refused, never lost.
            long[] next = {seq};
            Await.until("an append after the restart is acknowledged", Duration.ofSeconds(30), () -> {
                long attempt = ++next[0];
                try {
                    log.append(List.of(message("#r", attempt, "after the restart"))).get(30, TimeUnit.SECONDS);
                    acknowledged.add(attempt);
                    return true;
                } catch (Exception e) {
                    assertThat(MessageLogException.of(e).getMessage()).endsWith(": message not stored");
                    return false;
                }
            });

            // A read may time out too while the restarted broker settles; it says so, and the next one answers.
            List<List<Long>> read = new ArrayList<>();
            Await.until("a read after the restart", Duration.ofSeconds(30), () -> {
                try {
                    read.add(seqs(log.after("#r", 0, 1000).get(30, TimeUnit.SECONDS)));
                    return true;
                } catch (Exception e) {
                    assertThat(MessageLogException.of(e).getMessage()).startsWith("the cluster's message broker");
                    return false;
                }
            });
            List<Long> stored = read.get(0);
            assertThat(stored).doesNotHaveDuplicates().isSorted().containsAll(acknowledged).doesNotContain(refused);
        }
    }

    private NatsLink link() throws Exception {
        return NatsLink.connect(config(), "test");
    }

    static LoggedMessage message(String room, long seq, String text) {
        return new LoggedMessage(room, seq, Instant.parse("2026-12-01T10:00:00Z").plusSeconds(seq), "alice", Wire.V2,
                "id" + seq, text, false);
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    static MessageLogException failureOf(CompletableFuture<?> future) {
        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS))
                .isInstanceOf(java.util.concurrent.ExecutionException.class);
        return MessageLogException.of(future.handle((ok, failure) -> failure).join());
    }

    static List<Long> seqs(List<LoggedMessage> messages) {
        return messages.stream().map(LoggedMessage::seq).toList();
    }

    private static List<Long> evens(long from, long to) {
        return LongStream.rangeClosed(from, to).filter(i -> i % 2 == 0).boxed().toList();
    }
}
