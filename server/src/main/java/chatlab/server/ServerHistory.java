package chatlab.server;

import chatlab.history.MessageLog;
import chatlab.history.MessageLogEvents;
import chatlab.history.MessageLogException;
import chatlab.history.RoomInfo;
import chatlab.history.SqliteMessageLog;
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
        /** A cluster's room: the stream numbers each message, and the number a message carries is kept. */
        private final boolean byStream;
        private long lastSeq;

        Numbering(String logName, long lastSeq) {
            this(logName, lastSeq, false);
        }

        Numbering(String logName, long lastSeq, boolean byStream) {
            this.logName = logName;
            this.lastSeq = lastSeq;
            this.firstOfThisRun = lastSeq + 1;
            this.byStream = byStream;
        }

        /** The message with its seq: the room's next (the server's own log), or the stream's it carries (a cluster's). */
        chatlab.protocol.v2.ServerMessage.Message number(chatlab.protocol.v2.ServerMessage.Message message) {
            if (!byStream) {
                return message.withSeq(next());
            }
            lastSeq = Math.max(lastSeq, message.seq());
            return message;
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
    /** The group commit of the server's own log; null for a cluster's, whose messages the broker stored already. */
    private final GroupCommit commits;
    private final EventExecutor roomLoop;
    /** Every room the log or this run has numbered, by key: a room dropped and made again numbers on. */
    private final Map<String, Numbering> numberings = new HashMap<>();

    /** Whether the log is a cluster's (docs/CLUSTER.md, *History and resume*). */
    private final boolean cluster;

    private ServerHistory(HistorySettings settings, MessageLog log, EventExecutor roomLoop, List<RoomInfo> rooms,
            boolean cluster) {
        this.settings = settings;
        this.log = log;
        this.roomLoop = roomLoop;
        this.cluster = cluster;
        this.commits = cluster ? null : new GroupCommit(log, roomLoop);
        for (RoomInfo room : rooms) {
            numberings.putIfAbsent(keyOf(room.name()), new Numbering(room.name(), room.lastSeq(), cluster));
        }
    }

    /**
     * The log opened and its rooms read, before the server's loops exist.
     *
     * @param cluster the log is a cluster's: its streams number the messages and hold them before they come back
     */
    record Opened(HistorySettings settings, MessageLog log, List<RoomInfo> rooms, boolean cluster)
            implements AutoCloseable {
        /** The log at work for the rooms that run on {@code roomLoop}. */
        ServerHistory start(EventExecutor roomLoop) {
            return new ServerHistory(settings, log, roomLoop, rooms, cluster);
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
        return withRooms(settings, log, false);
    }

    /**
     * The cluster's log ({@link ClusterLink#log}) in the server log's place: every room is read from, and numbered
     * by, its stream. With {@code --history off} it still numbers the rooms (a client resumes on any server), but no
     * history is sent and requests answer {@code history_off}.
     */
    static Opened ofCluster(HistorySettings settings, MessageLog log) throws IOException {
        return withRooms(settings, log, true);
    }

    private static Opened withRooms(HistorySettings settings, MessageLog log, boolean cluster) throws IOException {
        try {
            return new Opened(settings, log, log.rooms().get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS), cluster);
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
                numberings.computeIfAbsent(keyOf(room), key -> new Numbering(room, 0, cluster)),
                !cluster || settings.enabled());
    }

    /**
     * How a room is found in the log: what its name reads as; in a cluster's, its name exactly (the stream a server
     * follows is the one named as the room is here).
     */
    private String keyOf(String room) {
        return cluster || RoomNames.problemWith(room).isPresent() ? room : RoomNames.key(room);
    }

    @Override
    public void close() {
        log.close();
    }
}
