package chatlab.server;

import chatlab.history.HistoryConfig;
import chatlab.history.LoggedMessage;
import chatlab.history.MessageLog;
import chatlab.history.MessageLogEvents;
import chatlab.history.MessageLogException;
import chatlab.history.RoomInfo;
import chatlab.history.SqliteMessageLog;
import chatlab.history.StoredTopic;
import chatlab.protocol.RoomNames;
import chatlab.protocol.v2.ServerMessage;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
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
    /**
     * Messages with a sender's id read back when the server starts (each room's last {@link
     * HistoryConfig#DEFAULT_MAX_PAGE_MESSAGES} at most, the most recently numbered rooms first), so resends of messages
     * stored just before a crash are recognised: far more than clients keep unacknowledged, and about a tenth of a
     * second to read.
     */
    static final int MAX_RECENT_SAID = 100_000;

    /** A room's name in the log and its last number given; confined to the rooms' loop once the server runs. */
    static final class Numbering {
        private final String logName;
        private final long firstOfThisRun;
        /** A cluster's room: the stream numbers each message, and the number a message carries is kept. */
        private final boolean byStream;
        private long lastSeq;
        /** The room's topic as the log has it (this run's last one set), or null. */
        private StoredTopic topic;

        Numbering(String logName, long lastSeq, StoredTopic topic) {
            this(logName, lastSeq, topic, false);
        }

        Numbering(String logName, long lastSeq, StoredTopic topic, boolean byStream) {
            this.logName = logName;
            this.lastSeq = lastSeq;
            this.firstOfThisRun = lastSeq + 1;
            this.topic = topic;
            this.byStream = byStream;
        }

        /** The message with its seq: the room's next (the server's own log), or the stream's it carries (a cluster's). */
        ServerMessage.Message number(ServerMessage.Message message) {
            if (!byStream) {
                return message.withSeq(next());
            }
            lastSeq = Math.max(lastSeq, message.seq());
            return message;
        }

        /** A cluster's room: its topic is the cluster's (SharedTopics), not this log's. */
        boolean byStream() {
            return byStream;
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
    /** The group commit of the server's own log; null for a cluster's, whose messages the broker stored already. */
    private final GroupCommit commits;
    private final EventExecutor roomLoop;
    /** Every room the log or this run has numbered, by key: a room dropped and made again numbers on. */
    private final Map<String, Numbering> numberings = new HashMap<>();

    /** What the log's rooms last had said with ids, oldest first, for this run's duplicate detection. */
    private final List<RecentIds.Said> saidBefore;
    /** Whether the log is a cluster's (docs/CLUSTER.md, *History and resume*). */
    private final boolean cluster;

    private ServerHistory(HistorySettings settings, MessageLog log, EventExecutor roomLoop, List<RoomInfo> rooms,
            List<RecentIds.Said> saidBefore, boolean cluster) {
        this.settings = settings;
        this.log = log;
        this.roomLoop = roomLoop;
        this.saidBefore = saidBefore;
        this.cluster = cluster;
        this.commits = cluster ? null : new GroupCommit(log, roomLoop);
        for (RoomInfo room : rooms) {
            numberings.putIfAbsent(keyOf(room.name()), new Numbering(room.name(), room.lastSeq(),
                    cluster ? null : StoredTopic.decode(room.topic()), cluster));
        }
    }

    /**
     * The log opened and its rooms read, before the server's loops exist.
     *
     * @param saidBefore the messages with ids the log kept from before this run (none for a cluster's log: the broker
     *                   drops a resent message by its id, RoomFeed.messageId)
     * @param cluster    the log is a cluster's: its streams number the messages and hold them before they come back
     */
    record Opened(HistorySettings settings, MessageLog log, List<RoomInfo> rooms, List<RecentIds.Said> saidBefore,
            boolean cluster) implements AutoCloseable {
        /** The log at work for the rooms that run on {@code roomLoop}. */
        ServerHistory start(EventExecutor roomLoop) {
            return new ServerHistory(settings, log, roomLoop, rooms, saidBefore, cluster);
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
            log = SqliteMessageLog.open(settings.file(), settings.logWithLookAhead(), events, Clock.systemUTC());
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
            List<RoomInfo> rooms = log.rooms().get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new Opened(settings, log, rooms, cluster ? List.of() : saidBefore(log, rooms), cluster);
        } catch (Exception e) {
            log.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException(MessageLogException.of(e).getMessage(), e);
        }
    }

    /** The last messages with ids of the most recently numbered rooms, oldest first, at most MAX_RECENT_SAID. */
    private static List<RecentIds.Said> saidBefore(MessageLog log, List<RoomInfo> rooms) throws Exception {
        List<RoomInfo> newestFirst = new ArrayList<>(rooms);
        newestFirst.sort(Comparator.comparingLong(RoomInfo::lastSeq).reversed());
        List<LoggedMessage> read = new ArrayList<>();
        for (RoomInfo room : newestFirst) {
            if (read.size() >= MAX_RECENT_SAID) {
                break;
            }
            if (room.messages() > 0) {
                read.addAll(log.before(room.name(), room.lastSeq() + 1, HistoryConfig.DEFAULT_MAX_PAGE_MESSAGES)
                        .get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
        }
        read.sort(Comparator.comparing(LoggedMessage::time));
        List<RecentIds.Said> said = new ArrayList<>();
        for (LoggedMessage message : read) {
            if (message.id() != null) {
                said.add(new RecentIds.Said(message.from(), message.id(), message.room(), message.seq()));
            }
        }
        return said;
    }

    HistorySettings settings() {
        return settings;
    }

    MessageLog log() {
        return log;
    }

    /** Each room's log: the log's numbering of the room that reads the same, or a new one from 1. */
    RoomLogs roomLogs() {
        return new RoomLogs() {
            @Override
            public RoomLog open(String room) {
                return new LoggedRoomLog(log, commits, roomLoop,
                        numberings.computeIfAbsent(keyOf(room), key -> new Numbering(room, 0, null, cluster)),
                        !cluster || settings.enabled());
            }

            @Override
            public List<RecentIds.Said> saidBefore() {
                return saidBefore;
            }

            @Override
            public boolean relaysPending() {
                return commits != null && commits.relaysPending();
            }
        };
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
