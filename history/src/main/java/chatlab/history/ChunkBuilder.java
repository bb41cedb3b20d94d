package chatlab.history;

import java.util.ArrayList;
import java.util.List;

/** Cuts one room's messages of a commit into chunks ({@link ChunkCodec}) and gives each the columns of its row. */
final class ChunkBuilder {
    /**
     * Messages in one chunk at most. A closed loop of 10 senders commits at most 10 a room at a time; a larger commit
     * (a burst, a migration) makes several chunks, so a read or a partial trim decodes at most this many messages
     * more than it needs.
     */
    static final int MAX_MESSAGES = 64;
    /** Text, sender and id bytes in one chunk at most (past it the chunk ends, even short of MAX_MESSAGES). */
    static final long MAX_BYTES = 64 * 1024;

    /** A chunk as its row holds it. */
    record Chunk(long firstSeq, long lastSeq, long firstNanos, long maxNanos, int messages, long bytes, byte[] body,
            String words) {}

    private ChunkBuilder() {}

    /** The chunks of one room's messages (seqs rising), oldest first. */
    static List<Chunk> chunks(List<LoggedMessage> messages) {
        List<Chunk> chunks = new ArrayList<>();
        int start = 0;
        long bytes = 0;
        for (int i = 0; i < messages.size(); i++) {
            long size = messages.get(i).sizeBytes();
            if (i > start && (i - start == MAX_MESSAGES || bytes + size > MAX_BYTES)) {
                chunks.add(of(messages.subList(start, i)));
                start = i;
                bytes = 0;
            }
            bytes += size;
        }
        if (start < messages.size()) {
            chunks.add(of(messages.subList(start, messages.size())));
        }
        return chunks;
    }

    /** One chunk of the messages given (one room's, seqs rising, at least one). */
    static Chunk of(List<LoggedMessage> messages) {
        long bytes = 0;
        long maxNanos = Long.MIN_VALUE;
        StringBuilder words = new StringBuilder();
        for (LoggedMessage message : messages) {
            bytes += message.sizeBytes();
            maxNanos = Math.max(maxNanos, LogReads.nanos(message.time()));
            if (words.length() > 0) {
                words.append('\n');
            }
            words.append(SearchText.fold(message.text()));
        }
        LoggedMessage first = messages.get(0);
        return new Chunk(first.seq(), messages.get(messages.size() - 1).seq(), LogReads.nanos(first.time()), maxNanos,
                messages.size(), bytes, ChunkCodec.encode(messages), words.toString());
    }
}
