package chatlab.server;

import chatlab.protocol.v2.ServerMessage;
import chatlab.server.room.Room;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One room's messages in order: it numbers each message the room relays ({@code seq}, strictly increasing within
 * the room), stores it, and reads back what a client that joins or comes back should get. The room calls it on its
 * event loop, and every answer comes back on that loop.
 *
 * <p>{@link MemoryRoomLog} keeps this run's last messages in memory (the server with {@code --history off});
 * {@link LoggedRoomLog} stores every message in the message log (docs/HISTORY.md) and numbers on from its last
 * stored seq under an epoch that stays the same across restarts.
 */
public interface RoomLog {
    /**
     * Names this numbering: seqs are comparable only within one epoch. A client resumes with the epoch and the last
     * seq it saw; from another epoch (a new run of an in-memory log, a new log file) it cannot know what it missed.
     */
    String epoch();

    /**
     * Numbers the message with the room's next seq and hands it to storage; returns it numbered. The seq of
     * {@code message} is ignored. It may be relayed and acknowledged only once {@link #whenStored} says so.
     */
    ServerMessage.Message append(ServerMessage.Message message);

    /**
     * Runs {@code stored} once the message {@link #append} numbered is stored (a log on disk: durable, in a group
     * commit with the rest of the turn's messages; in memory: at once), or {@code failed} with the sentence for its
     * sender when it cannot be; on the room's loop, in the order appended.
     */
    void whenStored(ServerMessage.Message numbered, Runnable stored, Consumer<String> failed);

    /**
     * Where a client that resumes from another epoch (it cannot know what it missed) is sent messages from: after
     * this seq. What this run relayed, at most its last {@link MemoryRoomLog#REPLAY_MESSAGES}: a message resent by a
     * client that came back first still reaches those that come back after it.
     */
    long anotherEpochFrom();

    /** Whether the log keeps the room's history beyond this run (history requests and searches are answered). */
    boolean keepsHistory();

    /**
     * Hands {@code then} the kept messages after {@code seq}, oldest first, at most {@code max} (all of them for 0:
     * ask again after the last when the list is full), or {@code failed} the reason; on the room's loop.
     */
    void after(long seq, int max, Consumer<List<ServerMessage.Message>> then, Consumer<String> failed);

    /** The newest {@code count} kept messages below {@code seq}, oldest first; on the room's loop. */
    void before(long seq, int count, Consumer<List<ServerMessage.Message>> then, Consumer<String> failed);

    /** The topic the log kept for the room (a restarted server's rooms keep theirs); none for a log in memory. */
    default Optional<Room.Topic> storedTopic() {
        return Optional.empty();
    }

    /** Keeps the room's new topic (null: cleared) for the next run; a log in memory keeps none beyond the room. */
    default void storeTopic(Room.Topic topic) {}
}
