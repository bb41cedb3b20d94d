package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.Wire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory room log numbers messages from 1 and keeps the last ones for replay, bounded by count and age. */
class MemoryRoomLogTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private final MemoryRoomLog log = new MemoryRoomLog();

    private ServerMessage.Message say(String from, String text, Instant time) {
        return log.append(new ServerMessage.Message(from, text, 0, time, null, false, Wire.LAB));
    }

    private List<ServerMessage.Message> after(long seq) {
        List<ServerMessage.Message> got = new ArrayList<>();
        log.after(seq, 0, got::addAll, reason -> { throw new AssertionError(reason); });
        return got;
    }

    @Test
    void messagesAreNumberedFromOneWithoutGapsAndReadBackAfterASeq() {
        assertThat(say("alice", "one", T0).seq()).isEqualTo(1);
        assertThat(say("bob", "two", T0).seq()).isEqualTo(2);
        assertThat(say("alice", "three", T0).seq()).isEqualTo(3);
        assertThat(after(1)).extracting(ServerMessage.Message::text).containsExactly("two", "three");
        assertThat(after(0)).hasSize(3);
        assertThat(after(3)).isEmpty();
    }

    @Test
    void itKeepsTheLastThousandAndNothingTenMinutesOlderThanTheNewest() {
        for (int i = 1; i <= MemoryRoomLog.REPLAY_MESSAGES + 5; i++) {
            say("alice", "m" + i, T0);
        }
        assertThat(after(0)).hasSize(MemoryRoomLog.REPLAY_MESSAGES);
        assertThat(after(0).get(0).seq()).isEqualTo(6);

        say("bob", "much later", T0.plus(MemoryRoomLog.REPLAY_AGE).plusSeconds(1));
        assertThat(after(0)).extracting(ServerMessage.Message::text).containsExactly("much later");
    }

    @Test
    void readsAreCutToTheCountAsked() {
        for (int i = 1; i <= 10; i++) {
            say("alice", "m" + i, T0);
        }
        List<ServerMessage.Message> got = new ArrayList<>();
        log.after(2, 3, got::addAll, reason -> { throw new AssertionError(reason); });
        assertThat(got).extracting(ServerMessage.Message::seq).containsExactly(3L, 4L, 5L);
        got.clear();
        log.before(8, 3, got::addAll, reason -> { throw new AssertionError(reason); });
        assertThat(got).extracting(ServerMessage.Message::seq).containsExactly(5L, 6L, 7L);
    }

    @Test
    void everyLogHasAnEpochOfItsOwnAndStoresAtOnce() {
        assertThat(new MemoryRoomLog().epoch()).isNotEqualTo(log.epoch());
        boolean[] stored = {false};
        log.whenStored(say("alice", "one", T0), () -> stored[0] = true, reason -> { throw new AssertionError(reason); });
        assertThat(stored[0]).isTrue();
        assertThat(log.keepsHistory()).isFalse();
    }
}
