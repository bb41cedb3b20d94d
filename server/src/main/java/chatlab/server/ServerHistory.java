package chatlab.server;

import chatlab.history.MessageLog;
import chatlab.history.MessageLogEvents;
import chatlab.history.MessageLogException;
import chatlab.history.RoomInfo;
import chatlab.history.SqliteMessageLog;
import chatlab.history.StoredTopic;
import chatlab.protocol.RoomNames;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server's message log while it runs: opened when the server starts (the file made on first use), it makes each
 * room's {@link LoggedRoomLog} and stores every room's messages through one {@link GroupCommit}. A room is found in
 * the log by what its name reads as ({@link RoomNames#key}), so {@code #Dev} made after a restart goes on with
 * {@code #dev}'s history and numbers.
 */
final class ServerHistory implements AutoCloseable {
    /** How long starting the server waits for the log's list of rooms. */
    static final long OPEN_TIMEOUT_SECONDS = 30;

    /** A room's name in the log and its last number given; confined to the rooms' loop once the server runs. */
    static final class Numbering {
        private final String logName;
        private final long firstOfThisRun;
        private long lastSeq;
        /** The room's topic as the log has it (this run's last one set), or null. */
        private StoredTopic topic;

        Numbering(String logName, long lastSeq, StoredTopic topic) {
            this.logName = logName;
            this.lastSeq = lastSeq;
            this.firstOfThisRun = lastSeq + 1;
            this.topic = topic;
        }

        StoredTopic topic() {
            return topic;
        }

        void topic(StoredTopic value) {
            topic = value;
        }

        /** The first seq this run of the server gives (or gave) in the room. */
        long firstOfThisRun() {
            return firstOfThisRun;
        }

        long last() {
            return lastSeq;
        }

        String logName() {
            return logName;
        }

        long next() {
            return ++lastSeq;
        }
    }

    private final HistorySettings settings;
    private final MessageLog log;
    private final GroupCommit commits;
    private final EventExecutor roomLoop;
    /** Every room the log or this run has numbered, by key: a room dropped and made again numbers on. */
    private final Map<String, Numbering> numberings = new HashMap<>();

    private ServerHistory(HistorySettings settings, MessageLog log, EventExecutor roomLoop, List<RoomInfo> rooms) {
        this.settings = settings;
        this.log = log;
        this.roomLoop = roomLoop;
        this.commits = new GroupCommit(log, roomLoop);
        for (RoomInfo room : rooms) {
            numberings.putIfAbsent(keyOf(room.name()), new Numbering(room.name(), room.lastSeq(),
                    StoredTopic.decode(room.topic())));
        }
    }

    /** The log opened and its rooms read, before the server's loops exist. */
    record Opened(HistorySettings settings, MessageLog log, List<RoomInfo> rooms) implements AutoCloseable {
        /** The log at work for the rooms that run on {@code roomLoop}. */
        ServerHistory start(EventExecutor roomLoop) {
            return new ServerHistory(settings, log, roomLoop, rooms);
        }

        @Override
        public void close() {
            log.close();
        }
    }

    /** Opens (or makes) the log in the settings' folder; a log that cannot be opened stops the server from starting. */
    static Opened open(HistorySettings settings, MessageLogEvents events) throws IOException {
        MessageLog log;
        try {
            log = SqliteMessageLog.open(settings.file(), settings.log(), events, Clock.systemUTC());
        } catch (MessageLogException e) {
            throw new IOException(e.getMessage(), e);
        }
        try {
            return new Opened(settings, log, log.rooms().get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (Exception e) {
            log.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException(MessageLogException.of(e).getMessage(), e);
        }
    }

    HistorySettings settings() {
        return settings;
    }

    MessageLog log() {
        return log;
    }

    /** Each room's log: the log's numbering of the room that reads the same, or a new one from 1. */
    RoomLogs roomLogs() {
        return room -> new LoggedRoomLog(log, commits, roomLoop,
                numberings.computeIfAbsent(keyOf(room), key -> new Numbering(room, 0, null)));
    }

    private static String keyOf(String room) {
        return RoomNames.problemWith(room).isPresent() ? room : RoomNames.key(room);
    }

    @Override
    public void close() {
        log.close();
    }
}
