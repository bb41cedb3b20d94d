package chatlab.cluster;

import chatlab.history.LoggedMessage;
import chatlab.history.Retention;
import chatlab.protocol.RoomNames;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamState;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms' streams on the broker: one stream per room with the room's one subject, limited by the retention rules
 * (the broker drops the oldest messages as it appends, so nothing here trims), and reads by the room's sequence
 * numbers. Blocking calls: only the log's own threads call it.
 *
 * <p>Each stored message carries the room's seq ({@link LogRecordCodec}). The broker removes messages from the front
 * only (retention and purges), so the messages kept are the stream numbers {@code first..last} without holes, and the
 * room's seq rises with the stream's: a room seq is found by a binary search over stream numbers, about 17 lookups
 * in a stream of 100,000 messages.
 */
final class RoomStreams {
    /** JetStream's error codes (nats-server {@code server/errors.json}). */
    static final int STREAM_NOT_FOUND = 10059;
    /** "stream name already in use with a different configuration". */
    static final int STREAM_NAME_IN_USE = 10058;
    /**
     * "subjects overlap with an existing stream": what the broker answered one of two servers making the same room's
     * stream at the same moment (seen with nats-server 2.9.10 while the other's stream was being made).
     */
    static final int STREAM_SUBJECTS_OVERLAP = 10065;
    static final int NO_MESSAGE_FOUND = 10037;
    /** How long the broker remembers a message id to drop a resent copy: a room's retry after a lost ack. */
    static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);

    private final JetStreamManagement jsm;
    private final RoomSubjects subjects;
    private final Retention retention;
    /** How many brokers keep each stream ({@link ClusterConfig#replicas}). */
    private final int replicas;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    RoomStreams(JetStreamManagement jsm, ClusterConfig config) {
        this.jsm = jsm;
        this.subjects = config.subjects();
        this.retention = config.retention();
        this.replicas = config.replicas();
    }

    RoomSubjects subjects() {
        return subjects;
    }

    /**
     * Makes the room's stream if it does not exist, and gives an existing one this log's retention if it has another
     * (an operator changed the rules: the broker applies the new ones at once). The stream is named by what the room's
     * name reads as ({@link RoomSubjects}); its description keeps the spelling it was made with, and nothing here
     * changes that: two servers that make {@code #Dev} and {@code #dev} at once get one stream, described as the
     * first.
     */
    void ensure(String room) throws IOException, JetStreamApiException {
        String stream = subjects.stream(room);
        if (ensured.contains(stream)) {
            return;
        }
        StreamConfiguration wanted = StreamConfiguration.builder()
                .name(stream)
                .description(room)
                .subjects(subjects.subject(room))
                .storageType(StorageType.File)
                .retentionPolicy(RetentionPolicy.Limits)
                .discardPolicy(DiscardPolicy.Old)
                .maxMessages(retention.maxMessages())
                .maxAge(retention.maxAge())
                .maxBytes(retention.maxBytes())
                .duplicateWindow(DUPLICATE_WINDOW)
                .replicas(replicas)
                .build();
        Optional<StreamInfo> existing = info(room);
        if (existing.isEmpty()) {
            try {
                // A broker that cannot keep the replicas says so here ("replicas > 1 not supported in non-clustered
                // mode"), and the append fails with it; the buckets, made when the server joins, have refused it then.
                jsm.addStream(wanted);
                ensured.add(stream);
                return;
            } catch (JetStreamApiException e) {
                // Another server made it a moment ago, spelled its way (another description): it is this room's. A
                // stream of another name that holds these subjects is not (info finds none by this name): refused.
                existing = e.getApiErrorCode() == STREAM_NAME_IN_USE || e.getApiErrorCode() == STREAM_SUBJECTS_OVERLAP
                        ? info(room) : Optional.empty();
                if (existing.isEmpty()) {
                    throw e;
                }
            }
        }
        StreamConfiguration have = existing.get().getConfiguration();
        boolean otherReplicas = have.getReplicas() != replicas;
        if (have.getMaxMsgs() != wanted.getMaxMsgs() || !have.getMaxAge().equals(wanted.getMaxAge())
                || have.getMaxBytes() != wanted.getMaxBytes() || otherReplicas) {
            jsm.updateStream(StreamConfiguration.builder(wanted).description(have.getDescription()).build());
        }
        ensured.add(stream);
    }

    Optional<StreamInfo> info(String room) throws IOException, JetStreamApiException {
        try {
            return Optional.of(jsm.getStreamInfo(subjects.stream(room)));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The names of every room with a stream, each once, as the room was first spelled (its stream's description; a
     * stream without one: its token decoded).
     */
    List<String> rooms() throws IOException, JetStreamApiException {
        Map<String, String> byKey = new HashMap<>();
        for (StreamInfo info : jsm.getStreams()) {
            StreamConfiguration stream = info.getConfiguration();
            if (!stream.getName().startsWith(subjects.streamPrefix())) {
                continue;
            }
            String room = stream.getDescription();
            if (room == null || room.isBlank()) {
                try {
                    room = RoomSubjects.room(stream.getName().substring(subjects.streamPrefix().length()));
                } catch (IllegalArgumentException e) {
                    continue; // a long name's digest, and no description to tell the room: not chatlab's
                }
            }
            byKey.putIfAbsent(RoomNames.key(room), room);
        }
        List<String> rooms = new ArrayList<>(byKey.values());
        rooms.sort(null);
        return rooms;
    }

    /** The room's message at stream number {@code streamSeq}, or empty when the broker no longer keeps it. */
    Optional<LoggedMessage> at(String room, long streamSeq) throws IOException, JetStreamApiException {
        MessageInfo info;
        try {
            info = jsm.getMessage(subjects.stream(room), streamSeq);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        try {
            return Optional.of(LogRecordCodec.decode(room, streamSeq, info.getData()));
        } catch (IllegalArgumentException e) {
            throw new IOException(ClusterTexts.damaged(room, streamSeq, e.getMessage()), e);
        }
    }

    /** The room's seq of the newest message kept, 0 when none is (or the room has no stream). */
    long lastSeq(String room) throws IOException, JetStreamApiException {
        Optional<StreamInfo> info = info(room);
        if (info.isEmpty() || info.get().getStreamState().getMsgCount() == 0) {
            return 0;
        }
        return at(room, info.get().getStreamState().getLastSequence()).map(LoggedMessage::seq).orElse(0L);
    }

    /**
     * The room's messages with a seq in {@code [fromSeq, toSeq)} (room numbers), oldest first: the newest
     * {@code count} of them when {@code newest}, else the oldest {@code count}.
     */
    List<LoggedMessage> range(String room, long fromSeq, long toSeq, int count, boolean newest)
            throws IOException, JetStreamApiException {
        Optional<StreamInfo> info = info(room);
        if (info.isEmpty() || count <= 0 || fromSeq >= toSeq) {
            return List.of();
        }
        StreamState state = info.get().getStreamState();
        if (state.getMsgCount() == 0) {
            return List.of();
        }
        long first = state.getFirstSequence();
        long last = state.getLastSequence();
        long from = lowerBound(room, first, last, fromSeq);
        long to = lowerBound(room, from, last, toSeq); // exclusive
        if (to - from > count) {
            if (newest) {
                from = to - count;
            } else {
                to = from + count;
            }
        }
        List<LoggedMessage> messages = new ArrayList<>((int) (to - from));
        for (long s = from; s < to; s++) {
            at(room, s).ifPresent(messages::add);
        }
        return messages;
    }

    /** The first stream number in {@code [lo, hi]} whose message has a room seq of at least {@code seq}; hi + 1 if none. */
    private long lowerBound(String room, long lo, long hi, long seq) throws IOException, JetStreamApiException {
        long low = lo;
        long high = hi + 1;
        while (low < high) {
            long mid = low + (high - low) / 2;
            // A message the broker dropped meanwhile is older than anything kept: below any seq looked for.
            long midSeq = at(room, mid).map(LoggedMessage::seq).orElse(Long.MIN_VALUE);
            if (midSeq < seq) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
