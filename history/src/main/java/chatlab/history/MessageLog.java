package chatlab.history;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Every message of every room, kept so that whoever joins late, reconnects or restarts the server finds what was
 * said. {@link SqliteMessageLog} is the embedded default; another engine (a stream per room) can take its place.
 *
 * <p>Made for a room that runs on one event-loop thread which must never wait for a disk: nothing here blocks the
 * caller. Every method returns at once with a future that the log completes on its own threads; a caller that must
 * continue on its own thread hops back ({@code whenCompleteAsync(action, roomExecutor)}), and nothing run on the
 * log's threads may block. A failed future holds a {@link MessageLogException} ({@link MessageLogException#of})
 * whose message can be shown to the user.
 *
 * <p>Reads see what has committed: a message is in every read once its batch's future has completed.
 */
public interface MessageLog extends AutoCloseable {
    /**
     * Stores a batch (the room hands over one per event-loop turn) and completes once it is durable (the {@link
     * SyncMode} says against what): only then may the room acknowledge its messages. Batches handed over while
     * another commits are committed together in one transaction (group commit); within a room they are stored in the
     * order handed over. A batch is stored whole or not at all; when it fails nothing of it is stored, and the room
     * must not relay or acknowledge it (its sequence numbers are simply never used).
     *
     * <p>Each room's sequence numbers must rise strictly, within the batch and above everything handed over before
     * (above {@link RoomInfo#lastSeq} after a restart); a batch that breaks this fails alone ({@link
     * MessageLogException.Reason#INVALID}). A batch may hold several rooms' messages.
     */
    CompletableFuture<Void> append(List<LoggedMessage> batch);

    /**
     * Names the log's numbering: the same for as long as the log keeps its rooms' numbers (an embedded log: the
     * file's life, across restarts of the server), another for a new log. A client resumes a room with the epoch
     * and the last seq it saw; from another epoch it cannot know what it missed.
     */
    String epoch();

    /**
     * The newest {@code count} messages of a room with a sequence number below {@code beforeSeq}, oldest first: a
     * history page ({@code /history}) before the oldest message the user has. Fewer than {@code count} means the
     * page reaches the room's oldest kept message; an unknown room gives an empty list.
     */
    CompletableFuture<List<LoggedMessage>> before(String room, long beforeSeq, int count);

    /** The newest {@code count} messages of a room, oldest first (what a client is sent when it joins). */
    default CompletableFuture<List<LoggedMessage>> last(String room, int count) {
        return before(room, Long.MAX_VALUE, count);
    }

    /**
     * The messages of a room after {@code afterSeq}, oldest first, at most {@code max} (a reconnecting client resumes
     * from the last message it saw; when the list is full, ask again after its last).
     */
    CompletableFuture<List<LoggedMessage>> after(String room, long afterSeq, int max);

    /**
     * The newest {@code count} messages of a room that hold every word of the query and have a sequence number below
     * {@code beforeSeq}, newest first; the next page is the search before the last one's number.
     */
    CompletableFuture<List<LoggedMessage>> search(String room, SearchQuery query, long beforeSeq, int count);

    /** A room's numbers and topic, or empty when the log has never stored anything of it. */
    CompletableFuture<Optional<RoomInfo>> room(String name);

    /** Every room the log has stored something of, by name. */
    CompletableFuture<List<RoomInfo>> rooms();

    /** Stores a room's topic (null clears it), in order with the room's appends. */
    CompletableFuture<Void> setTopic(String room, String topic);

    /** Applies every retention rule to every room now (the log also does so on its own); lists what it removed. */
    CompletableFuture<List<Trimmed>> trim();

    /** Whether the log is storing messages now; a server refuses new messages while it is not. */
    LogHealth health();

    /** Messages handed over that have not committed yet. */
    int pendingMessages();

    /** Commits what was handed over, then stops; later calls fail with {@link MessageLogException.Reason#CLOSED}. */
    @Override
    void close();
}
