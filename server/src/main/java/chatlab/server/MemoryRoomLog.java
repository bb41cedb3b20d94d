package chatlab.server;

import chatlab.protocol.v2.ServerMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The room's last messages in memory (at most {@link #REPLAY_MESSAGES}, none older than {@link #REPLAY_AGE} than the
 * newest), numbered from 1 under an epoch of its own: a client that resumes from an earlier run of the server (or an
 * earlier instance of the room) is sent everything kept. The log of a server without history ({@code --history
 * off}). Confined to the room's event loop.
 */
final class MemoryRoomLog implements RoomLog {
    /** Messages kept for clients that reconnect, so what was said while they were away reaches them. */
    static final int REPLAY_MESSAGES = 1000;
    static final Duration REPLAY_AGE = Duration.ofMinutes(10);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String epoch = Long.toString(RANDOM.nextLong() >>> 1, 36);
    private final ArrayDeque<ServerMessage.Message> recent = new ArrayDeque<>();
    private long sequence;

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public ServerMessage.Message append(ServerMessage.Message message) {
        ServerMessage.Message numbered = message.withSeq(++sequence);
        recent.addLast(numbered);
        while (recent.size() > REPLAY_MESSAGES
                || recent.peekFirst().time().isBefore(numbered.time().minus(REPLAY_AGE))) {
            recent.removeFirst();
        }
        return numbered;
    }

    /** Memory is storage enough for this run: stored at once. */
    @Override
    public void whenStored(ServerMessage.Message numbered, Runnable stored, Consumer<String> failed) {
        stored.run();
    }

    /** Everything kept: this run's last messages. */
    @Override
    public long anotherEpochFrom() {
        return 0;
    }

    @Override
    public boolean keepsHistory() {
        return false;
    }

    @Override
    public void after(long seq, int max, Consumer<List<ServerMessage.Message>> then, Consumer<String> failed) {
        List<ServerMessage.Message> missed = new ArrayList<>();
        for (ServerMessage.Message message : recent) {
            if (message.seq() > seq && (max == 0 || missed.size() < max)) {
                missed.add(message);
            }
        }
        then.accept(missed);
    }

    @Override
    public void before(long seq, int count, Consumer<List<ServerMessage.Message>> then, Consumer<String> failed) {
        ArrayDeque<ServerMessage.Message> page = new ArrayDeque<>();
        var newestFirst = recent.descendingIterator();
        while (newestFirst.hasNext() && page.size() < count) {
            ServerMessage.Message message = newestFirst.next();
            if (message.seq() < seq) {
                page.addFirst(message);
            }
        }
        then.accept(new ArrayList<>(page));
    }
}
