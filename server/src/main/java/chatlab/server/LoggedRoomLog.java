package chatlab.server;

import chatlab.history.LoggedMessage;
import chatlab.history.MessageLog;
import chatlab.history.MessageLogException;
import chatlab.history.SearchQuery;
import chatlab.history.StoredTopic;
import chatlab.protocol.v2.ServerMessage;
import chatlab.server.room.Room;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A room's messages in the message log: numbered on from the last seq the log stored for the room (so numbers are
 * never given twice, across restarts), stored by the server's {@link GroupCommit} before they are relayed, and read
 * back from the log. The epoch is the log's: the same for as long as its file. Confined to the room's loop; the log's
 * answers are brought back to it.
 */
final class LoggedRoomLog implements RoomLog {
    private final MessageLog log;
    private final GroupCommit commits;
    private final EventExecutor roomLoop;
    private final ServerHistory.Numbering numbering;
    private final boolean keepsHistory;

    LoggedRoomLog(MessageLog log, GroupCommit commits, EventExecutor roomLoop, ServerHistory.Numbering numbering) {
        this(log, commits, roomLoop, numbering, true);
    }

    /**
     * @param commits      null for a cluster's log: the broker stored each message before the cluster handed it over
     * @param keepsHistory whether history is sent and requests answered (a cluster's log with {@code --history off}:
     *                     not, though it still numbers the room)
     */
    LoggedRoomLog(MessageLog log, GroupCommit commits, EventExecutor roomLoop, ServerHistory.Numbering numbering,
            boolean keepsHistory) {
        this.log = log;
        this.commits = commits;
        this.roomLoop = roomLoop;
        this.numbering = numbering;
        this.keepsHistory = keepsHistory;
    }

    @Override
    public String epoch() {
        return log.epoch();
    }

    @Override
    public ServerMessage.Message append(ServerMessage.Message message) {
        return numbering.number(message);
    }

    @Override
    public void whenStored(ServerMessage.Message numbered, Runnable stored, Consumer<String> failed) {
        if (commits == null) {
            stored.run(); // a cluster's message: in the room's stream before the cluster handed it over
            return;
        }
        commits.stage(toLog(numbered), stored, failure -> failed.accept(failure.getMessage()));
    }

    @Override
    public long anotherEpochFrom() {
        return Math.max(numbering.firstOfThisRun() - 1, numbering.last() - MemoryRoomLog.REPLAY_MESSAGES);
    }

    @Override
    public boolean keepsHistory() {
        return keepsHistory;
    }

    @Override
    public void after(long seq, int max, Consumer<List<ServerMessage.Message>> then, Consumer<String> failed) {
        back(log.after(numbering.logName(), seq, max == 0 ? Integer.MAX_VALUE : max), then, failed);
    }

    @Override
    public void before(long seq, int count, Consumer<List<ServerMessage.Message>> then, Consumer<String> failed) {
        back(log.before(numbering.logName(), seq, count), then, failed);
    }

    /** The newest {@code count} messages holding every word of the query below {@code seq}, newest first. */
    void search(SearchQuery query, long seq, int count, Consumer<List<ServerMessage.Message>> then,
            Consumer<String> failed) {
        back(log.search(numbering.logName(), query, seq, count), then, failed);
    }

    @Override
    public Optional<Room.Topic> storedTopic() {
        // A cluster's topics are the cluster's (SharedTopics and its key-value bucket), not this log's.
        StoredTopic topic = numbering.byStream() ? null : numbering.topic();
        return topic == null ? Optional.empty() : Optional.of(new Room.Topic(topic.text(), topic.by(), topic.time()));
    }

    /**
     * Stores the topic in order with the room's appends. A topic the log fails to store (a full disk) stays the
     * room's for this run (its members were told); the log's health reports the failure as it does for messages, and
     * the next run shows the topic stored before it.
     */
    @Override
    public void storeTopic(Room.Topic topic) {
        if (numbering.byStream()) {
            return; // SharedTopics keeps it in the cluster's bucket, in its own form
        }
        StoredTopic stored = topic == null || topic.text().isEmpty() ? null
                : new StoredTopic(topic.text(), topic.by(), topic.time());
        numbering.topic(stored);
        log.setTopic(numbering.logName(), stored == null ? null : stored.encode());
    }

    /** The room's name in the log (as its first creator spelled it). */
    String logName() {
        return numbering.logName();
    }

    /** A read's answer, turned into messages, on the room's loop. */
    void back(CompletableFuture<List<LoggedMessage>> read, Consumer<List<ServerMessage.Message>> then,
            Consumer<String> failed) {
        read.whenCompleteAsync((messages, failure) -> {
            if (failure != null) {
                failed.accept(MessageLogException.of(failure).getMessage());
            } else {
                List<ServerMessage.Message> converted = new ArrayList<>(messages.size());
                for (LoggedMessage message : messages) {
                    converted.add(fromLog(message));
                }
                then.accept(converted);
            }
        }, roomLoop);
    }

    private LoggedMessage toLog(ServerMessage.Message message) {
        return new LoggedMessage(numbering.logName(), message.seq(), message.time(), message.from(), message.wire(),
                message.id(), message.text(), message.action());
    }

    static ServerMessage.Message fromLog(LoggedMessage message) {
        return new ServerMessage.Message(message.from(), message.text(), message.seq(), message.time(), message.id(),
                message.action(), message.wire());
    }
}
