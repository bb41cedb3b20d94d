package chatlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.history.LoggedMessage;
import chatlab.protocol.v2.Wire;
import chatlab.testkit.Await;
import chatlab.testkit.StartingGun;
import chatlab.testkit.TcpRelay;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Room messages between three "servers" through a real nats-server: one order that all of them see. */
class RoomFeedTest extends BrokerTest {
    /** What one server was handed, in the order it was handed. */
    private record Seen(long seq, String text, String origin, long ref) {}

    @Test
    void everyServerSeesEveryMessageOnceInOneOrder() throws Exception {
        List<List<Seen>> seen = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(),
                new CopyOnWriteArrayList<>());
        List<RoomFeed> feeds = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            feeds.add(feed("S" + s, seen.get(s)));
        }
        for (RoomFeed feed : feeds) {
            feed.follow("#general").get(30, TimeUnit.SECONDS);
        }
        // 3 servers x 50 messages, all at once.
        StartingGun.fire(150, i -> {
            int server = i % 3;
            feeds.get(server).publish(message("#general", "S" + server + " says " + i), i).get(30, TimeUnit.SECONDS);
        });
        for (List<Seen> one : seen) {
            Await.until("150 messages seen", () -> one.size() >= 150);
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
        assertThat(seen.get(2)).isEqualTo(seen.get(0));
        List<Seen> order = seen.get(0);
        assertThat(order).hasSize(150).extracting(Seen::seq).isSorted().doesNotHaveDuplicates();
        assertThat(order).extracting(Seen::text).doesNotHaveDuplicates();
        // Each message carries the server it was said on and that server's number for it.
        for (Seen message : order) {
            assertThat(message.text()).startsWith(message.origin() + " says " + message.ref());
        }
    }

    /**
     * A v2 client that lost its server before the acknowledgement sends its message again through another: the broker
     * knows it by its sender and id, stores it once and answers with the first copy's number. (With each server's own
     * number as the message id, as before, the stream held it twice.)
     */
    @Test
    void aV2MessageSentAgainThroughAnotherServerIsStoredOnce() throws Exception {
        List<Seen> a = new CopyOnWriteArrayList<>();
        List<Seen> b = new CopyOnWriteArrayList<>();
        RoomFeed feedA = feed("A", a);
        RoomFeed feedB = feed("B", b);
        feedA.follow("#r").get(30, TimeUnit.SECONDS);
        feedB.follow("#r").get(30, TimeUnit.SECONDS);
        LoggedMessage said = new LoggedMessage("#r", 1, Instant.now(), "alice", Wire.V2, "k3x9-1", "hello", false);
        RoomFeed.Stored first = feedA.store(said, 1).get(30, TimeUnit.SECONDS);
        RoomFeed.Stored again = feedB.store(said, 7).get(30, TimeUnit.SECONDS);
        assertThat(first.duplicate()).isFalse();
        assertThat(again).isEqualTo(new RoomFeed.Stored(first.seq(), true));
        // Another sender's message with the same id is another message.
        RoomFeed.Stored bobs = feedB.store(new LoggedMessage("#r", 1, Instant.now(), "bob", Wire.V2, "k3x9-1", "hi",
                false), 8).get(30, TimeUnit.SECONDS);
        assertThat(bobs.duplicate()).isFalse();
        Await.until("both servers to see bob's message", () -> a.size() >= 2 && b.size() >= 2);
        assertThat(a).extracting(Seen::text).containsExactly("hello", "hi");
        assertThat(b).isEqualTo(a);
    }

    @Test
    void aPublishAcknowledgedBeforeAndAfterABrokerRestartReachesEveryServerOnce() throws Exception {
        List<Seen> a = new CopyOnWriteArrayList<>();
        List<Seen> b = new CopyOnWriteArrayList<>();
        RoomFeed feedA = feed("A", a);
        RoomFeed feedB = feed("B", b);
        feedA.follow("#r").get(30, TimeUnit.SECONDS);
        feedB.follow("#r").get(30, TimeUnit.SECONDS);
        List<Long> acknowledged = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            acknowledged.add(feedA.publish(message("#r", "before " + i), i).get(30, TimeUnit.SECONDS));
        }
        Await.until("B saw the first 10", () -> b.size() == 10);
        broker.kill();
        broker.start();
        // Refused while the links reconnect and the broker reads its streams back: the sender is told, and retries.
        acknowledged.add(publishUntilAcknowledged(feedB, "after", 100));
        for (int i = 0; i < 10; i++) {
            acknowledged.add(publishUntilAcknowledged(feedA, "later " + i, 200 + i));
        }
        for (List<Seen> one : List.of(a, b)) {
            Await.until("every acknowledged message " + acknowledged + " seen",
                    () -> one.stream().map(Seen::seq).toList(), seqs -> seqs.containsAll(acknowledged));
            assertThat(one).extracting(Seen::seq).isSorted().doesNotHaveDuplicates();
        }
        assertThat(a).isEqualTo(b);
    }

    /**
     * A room asked for while the broker is away is followed once it is back (it was never followed, before), from the
     * moment it was asked for: what another server's users said after the broker came back, before the consumer was
     * made, reaches it too.
     */
    @Test
    void aRoomAskedForWhileTheBrokerIsAwayIsFollowedOnceItIsBack() throws Exception {
        List<Seen> b = new CopyOnWriteArrayList<>();
        RoomFeed feedA = feed("A", new CopyOnWriteArrayList<>());
        NatsLink linkB = link("B");
        RoomFeed feedB = open.add(RoomFeed.open(linkB, config(), "B",
                (room, message, origin, ref) -> b.add(new Seen(message.seq(), message.text(), origin, ref))));
        feedA.follow("#late").get(30, TimeUnit.SECONDS);
        broker.kill();
        Await.until("B's link is down", () -> linkB.state() != NatsLink.State.CONNECTED);
        assertThatThrownBy(() -> feedB.follow("#late").get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        broker.start();
        // A talks at once, while B's link may still be reconnecting. Each try is a new message (its own ref, so its
        // own broker message id: a resent one would be dropped as a duplicate of the first). Generous: on a loaded
        // machine the restarted broker takes a while to read its streams back; each try is short so that a try
        // refused meanwhile does not use up the wait.
        List<Long> acknowledged = new CopyOnWriteArrayList<>();
        AtomicReference<String> lastTry = new AtomicReference<>("none yet");
        AtomicLong ref = new AtomicLong();
        Await.until("B follows #late: A's message reaches it", Duration.ofSeconds(90),
                () -> lastTry.get() + "; B " + linkB.state() + ", seen " + b.size(), seenState -> {
            if (!b.isEmpty()) {
                return true;
            }
            try {
                long seq = feedA.publish(message("#late", "hello " + ref.incrementAndGet()), ref.get())
                        .get(5, TimeUnit.SECONDS);
                acknowledged.add(seq);
                lastTry.set("published as " + seq);
            } catch (Exception e) {
                lastTry.set("publish failed: " + e);
            }
            return !b.isEmpty();
        });
        // From then on B is handed every message of the room, in order.
        for (int i = 1; i <= 5; i++) {
            acknowledged.add(feedA.publish(message("#late", "after " + i), 1000 + i).get(30, TimeUnit.SECONDS));
        }
        Await.until("B is handed the 5 said after",
                () -> b.stream().filter(s -> s.text().startsWith("after ")).count() == 5);
        assertThat(b).extracting(Seen::seq).isSorted().doesNotHaveDuplicates().containsAll(acknowledged);
        assertThat(b.subList(b.size() - 5, b.size())).extracting(Seen::text)
                .containsExactly("after 1", "after 2", "after 3", "after 4", "after 5");
    }

    /**
     * Server B alone is cut off from the broker (a partition; the broker and A go on) when its first member asks for a
     * room: what A's users say there meanwhile is handed to B once it is back, because B follows the room from the
     * moment it was asked for (a consumer from "the next message", as before, lost all of it).
     */
    @Test
    void whatWasSaidWhileAServerWasCutOffAfterItAskedForTheRoomReachesIt() throws Exception {
        List<Seen> b = new CopyOnWriteArrayList<>();
        RoomFeed feedA = feed("A", new CopyOnWriteArrayList<>());
        TcpRelay partition = open.add(TcpRelay.to(Integer.parseInt(broker.url().replaceAll(".*:", ""))));
        NatsLink linkB = open.add(NatsLink.connect(
                ClusterConfig.of(List.of("nats://127.0.0.1:" + partition.port())), "test B"));
        RoomFeed feedB = open.add(RoomFeed.open(linkB, config(), "B",
                (room, message, origin, ref) -> b.add(new Seen(message.seq(), message.text(), origin, ref))));
        feedA.follow("#cut").get(30, TimeUnit.SECONDS);
        partition.cut();
        Await.until("B's link is down", () -> linkB.state() != NatsLink.State.CONNECTED);
        assertThatThrownBy(() -> feedB.follow("#cut").get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        List<Long> said = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            said.add(publishUntilAcknowledged(feedA, "#cut", "while B was away " + i, i));
        }
        partition.restore();
        Await.until("B is handed what was said while it was away", () -> b.size() >= 3);
        said.add(publishUntilAcknowledged(feedA, "#cut", "after B came back", 4));
        Await.until("B is handed what was said after", () -> b.size() >= 4);
        assertThat(b).extracting(Seen::seq).containsExactlyElementsOf(said);
        assertThat(b).extracting(Seen::text).containsExactly("while B was away 1", "while B was away 2",
                "while B was away 3", "after B came back");
    }

    private static long publishUntilAcknowledged(RoomFeed feed, String text, long ref) {
        return publishUntilAcknowledged(feed, "#r", text, ref);
    }

    private static long publishUntilAcknowledged(RoomFeed feed, String room, String text, long ref) {
        long[] seq = {0};
        Await.until("'" + text + "' acknowledged", Duration.ofSeconds(30), () -> {
            try {
                seq[0] = feed.publish(message(room, text), ref).get(30, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                assertThat(chatlab.history.MessageLogException.of(e).getMessage()).startsWith("the cluster's message broker");
                return false;
            }
        });
        return seq[0];
    }

    private RoomFeed feed(String server, List<Seen> seen) throws Exception {
        NatsLink link = link(server);
        RoomFeed feed = RoomFeed.open(link, config(), server,
                (room, message, origin, ref) -> seen.add(new Seen(message.seq(), message.text(), origin, ref)));
        open.add(feed);
        return feed;
    }

    private static LoggedMessage message(String room, String text) {
        return new LoggedMessage(room, 1, Instant.now(), "user", Wire.V2, null, text, false);
    }
}
