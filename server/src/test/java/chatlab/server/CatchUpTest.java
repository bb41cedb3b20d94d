package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.Wire;
import chatlab.server.room.Member;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A member being caught up from the log gets the log's messages first and the live ones after, each once, whatever
 * the room says while the log's reads and commits are under way (a log whose reads and stores complete when the test
 * says, as the message log's do on its own threads).
 */
class CatchUpTest {
    /**
     * A room log in memory that keeps everything, whose reads see the log when asked but answer when released, and
     * whose stores may wait too.
     */
    static final class ScriptedRoomLog implements RoomLog {
        final List<ServerMessage.Message> kept = new ArrayList<>();
        final List<Runnable> reads = new ArrayList<>();
        final List<Runnable> stores = new ArrayList<>();
        boolean holdStores;

        @Override
        public String epoch() {
            return "scripted";
        }

        @Override
        public ServerMessage.Message append(ServerMessage.Message message) {
            ServerMessage.Message numbered = message.withSeq(kept.size() + 1);
            kept.add(numbered);
            return numbered;
        }

        @Override
        public void whenStored(ServerMessage.Message numbered, Runnable stored, Consumer<String> failed) {
            if (holdStores) {
                stores.add(stored);
            } else {
                stored.run();
            }
        }

        @Override
        public long anotherEpochFrom() {
            return 0;
        }

        @Override
        public boolean keepsHistory() {
            return true;
        }

        @Override
        public void after(long seq, int max, Consumer<List<ServerMessage.Message>> then, Consumer<String> failed) {
            List<ServerMessage.Message> read = new ArrayList<>(
                    kept.subList((int) Math.min(seq, kept.size()), (int) Math.min(seq + max, kept.size())));
            reads.add(() -> then.accept(read));
        }

        @Override
        public void before(long seq, int count, Consumer<List<ServerMessage.Message>> then, Consumer<String> failed) {
            int end = (int) Math.min(seq - 1, kept.size());
            List<ServerMessage.Message> read = new ArrayList<>(kept.subList(Math.max(0, end - count), end));
            reads.add(() -> then.accept(read));
        }

        /** Answers every read asked so far (each may ask another, which waits for the next call). */
        void answerReads() {
            List<Runnable> now = new ArrayList<>(reads);
            reads.clear();
            now.forEach(Runnable::run);
        }

        void completeStores() {
            List<Runnable> now = new ArrayList<>(stores);
            stores.clear();
            now.forEach(Runnable::run);
        }
    }

    private final ScriptedRoomLog log = new ScriptedRoomLog();
    private final EmbeddedRoom embedded = new EmbeddedRoom(() -> log);
    private final Refusals refusals = new Refusals(embedded.loop.eventLoop(), embedded.outbound, embedded.events);
    private final FanOut fanOut = new FanOut(java.time.Clock.systemUTC(), embedded.deliveries, refusals,
            new PendingAcks(embedded.loop.eventLoop()), embedded.loop.eventLoop());
    private final LiveRoom room = embedded.defaultRoom();

    @AfterEach
    void close() {
        embedded.close();
    }

    /** The seqs of the chat messages written to the member, an "h" before those marked history; "end" for a page's end. */
    private static List<String> got(Member<Channel> member) {
        List<String> got = new ArrayList<>();
        for (String line : EmbeddedRoom.written(member).split("\n")) {
            if (line.startsWith("{\"type\":\"message\"")) {
                ServerMessage.Message m = (ServerMessage.Message) RoomsClient.decode(line);
                got.add((m.history() ? "h" : "") + m.seq());
            } else if (line.startsWith("{\"type\":\"history\"")) {
                got.add("end");
            }
        }
        return got;
    }

    private void say(Member<Channel> from, int first, int last) {
        for (int i = first; i <= last; i++) {
            fanOut.relay(room, from, "m" + i, "a" + i, false);
        }
        embedded.endTurn();
    }

    @Test
    void liveMessagesSaidDuringTheReadFollowThePage() {
        Member<Channel> alice = embedded.join("alice", Wire.V2, true);
        say(alice, 1, 5);
        Member<Channel> bob = embedded.join("bob", Wire.V2, true);
        CatchUp.lastMessages(room, bob, 3, true, embedded.deliveries, refusals);
        say(alice, 6, 7); // while the log reads: held back for bob
        assertThat(got(bob)).isEmpty();

        log.answerReads();
        embedded.endTurn();
        assertThat(got(bob)).containsExactly("h3", "h4", "h5", "end", "6", "7");

        say(alice, 8, 8);
        assertThat(got(bob)).containsExactly("8");
    }

    /**
     * A message stored before the read looked but relayed after it (its commit's answer came back later): the log
     * gave it, so the fan-out does not give it again.
     */
    @Test
    void aMessageTheLogGaveIsNotRelayedAgain() {
        Member<Channel> alice = embedded.join("alice", Wire.V2, true);
        say(alice, 1, 2);
        Member<Channel> bob = embedded.join("bob", Wire.V2, true);
        log.holdStores = true;
        say(alice, 3, 3); // numbered and kept, its store not yet answered
        CatchUp.after(room, bob, 1, embedded.deliveries, refusals); // bob resumes after seq 1
        log.answerReads(); // the read saw 2 and 3
        embedded.endTurn();
        log.answerReads(); // the read after 3: nothing more
        embedded.endTurn();
        log.holdStores = false;
        log.completeStores(); // 3 is relayed now
        say(alice, 4, 4);
        assertThat(got(bob)).containsExactly("2", "3", "4");
    }

    /** A catch-up that is held back past its limit drops what it held and reads the log again from where it was. */
    @Test
    void heldMessagesPastTheLimitAreReadFromTheLogInstead() {
        Member<Channel> alice = embedded.join("alice", Wire.V2, true);
        Member<Channel> bob = embedded.join("bob", Wire.V2, true);
        CatchUp.after(room, bob, 0, embedded.deliveries, refusals);
        say(alice, 1, CatchUps.MAX_HELD_MESSAGES + 5); // more than bob's catch-up holds
        for (int i = 0; i < 20 && !log.reads.isEmpty(); i++) {
            log.answerReads();
            embedded.endTurn();
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= CatchUps.MAX_HELD_MESSAGES + 5; i++) {
            expected.add(Integer.toString(i));
        }
        assertThat(got(bob)).isEqualTo(expected);
    }
}
