package chatlab.history;

import chatlab.protocol.v2.Wire;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Opening logs in a test's folder, making messages, and waiting for the log's futures with a deadline. */
final class Logs {
    /** Generous: a commit waits for the disk's sync on a shared, busy machine. */
    static final long WAIT_SECONDS = 30;
    static final Instant T0 = Instant.parse("2026-12-01T10:15:30.123456789Z");

    private Logs() {}

    static SqliteMessageLog open(Path dir) throws MessageLogException {
        return open(dir, HistoryConfig.defaults(), MessageLogEvents.NONE);
    }

    static SqliteMessageLog open(Path dir, HistoryConfig config, MessageLogEvents events) throws MessageLogException {
        return SqliteMessageLog.open(SqliteMessageLog.pathIn(dir), config, events, Clock.systemUTC());
    }

    /** A message from a v2 user with an id, stamped one second after another per seq. */
    static LoggedMessage message(String room, long seq, String text) {
        return new LoggedMessage(room, seq, T0.plusSeconds(seq), "alice", Wire.V2, "id-" + seq, text, false);
    }

    /** Messages seq first..last of a room, each saying "message SEQ". */
    static List<LoggedMessage> messages(String room, long first, long last) {
        List<LoggedMessage> messages = new ArrayList<>();
        for (long seq = first; seq <= last; seq++) {
            messages.add(message(room, seq, "message " + seq));
        }
        return messages;
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Appends each batch in turn, waiting for each. */
    static void appendAll(MessageLog log, List<LoggedMessage> messages, int batchSize) throws Exception {
        for (int i = 0; i < messages.size(); i += batchSize) {
            await(log.append(messages.subList(i, Math.min(messages.size(), i + batchSize))));
        }
    }

    /** The failure a future ended with (it must fail within the deadline). */
    static MessageLogException failureOf(CompletableFuture<?> future) {
        try {
            future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            return MessageLogException.of(e);
        }
        throw new AssertionError("the future succeeded; a failure was expected");
    }

    static List<Long> seqs(List<LoggedMessage> messages) {
        return messages.stream().map(LoggedMessage::seq).toList();
    }
}
