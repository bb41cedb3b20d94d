package chatlab.bench.jmh;

import chatlab.history.HistoryConfig;
import chatlab.history.LoggedMessage;
import chatlab.history.MessageLogEvents;
import chatlab.history.SearchQuery;
import chatlab.history.SqliteMessageLog;
import chatlab.protocol.v2.Wire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The message log ({@link SqliteMessageLog}, the server's default) on this machine's disk, in the temporary folder
 * ({@code java.io.tmpdir}; the numbers are those of its file system and its sync): appends with group commit, and the
 * reads a join, a {@code /history} page, a resume and a {@code /search} make in a room of 100,000 messages.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MessageLogBenchmark extends BenchmarkSettings {
    /** Batches handed over at once in {@link #appendPipelined}: a busy room's turns while one commit syncs. */
    static final int IN_FLIGHT = 64;
    static final int ROOM_MESSAGES = 100_000;
    static final String ROOM = "#general";

    /** The server's default log in a folder of its own, removed after the trial. */
    public abstract static class InFolder {
        Path dir;
        SqliteMessageLog log;

        void open() throws Exception {
            dir = Files.createTempDirectory("chatlab-log-bench");
            log = SqliteMessageLog.open(SqliteMessageLog.pathIn(dir), HistoryConfig.defaults(), MessageLogEvents.NONE,
                    Clock.systemUTC());
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            log.close();
            delete(dir);
        }
    }

    /** A log that the append benchmarks fill (retention keeps it at 100,000 messages, as a full room is). */
    @State(Scope.Benchmark)
    public static class Appending extends InFolder {
        @Param({"1", "10", "100"})
        public int batch;

        ChatCorpus corpus;
        long seq;

        @Setup(Level.Trial)
        public void start() throws Exception {
            open();
            corpus = new ChatCorpus(7);
        }

        List<LoggedMessage> nextBatch() {
            List<LoggedMessage> messages = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                messages.add(message(ROOM, ++seq, corpus.next()));
            }
            return messages;
        }
    }

    /** A room of 100,000 messages (and another of 20,000 beside it), written once per trial. */
    @State(Scope.Benchmark)
    public static class Full extends InFolder {
        @Setup(Level.Trial)
        public void fill() throws Exception {
            open();
            ChatCorpus corpus = new ChatCorpus(42);
            List<CompletableFuture<Void>> appends = new ArrayList<>();
            for (int first = 1; first <= ROOM_MESSAGES; first += 1000) {
                List<LoggedMessage> batch = new ArrayList<>();
                for (int seq = first; seq < first + 1000; seq++) {
                    batch.add(message(ROOM, seq, corpus.next()));
                    if (seq % 5 == 0) {
                        batch.add(message("#other", seq / 5, corpus.next()));
                    }
                }
                appends.add(log.append(batch));
                if (appends.size() == 8) { // within the log's limit of messages waiting for the disk
                    CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
                    appends.clear();
                }
            }
            CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        }
    }

    /**
     * What is searched: the most common word (in most messages), a rare one (in a few dozen), one in none, two common
     * words together, a Norwegian word (in one message of 40), two Chinese characters.
     */
    @State(Scope.Benchmark)
    public static class Query {
        @Param({"common", "rare", "absent", "two-words", "norwegian", "chinese"})
        public String words;

        SearchQuery search;

        @Setup(Level.Trial)
        public void parse() {
            search = SearchQuery.parse(switch (words) {
                case "common" -> ChatCorpus.COMMON;
                case "rare" -> ChatCorpus.RARE;
                case "absent" -> ChatCorpus.ABSENT;
                case "two-words" -> "server port";
                case "norwegian" -> ChatCorpus.NORWEGIAN;
                case "chinese" -> ChatCorpus.CHINESE;
                default -> throw new IllegalArgumentException("unknown query " + words);
            });
        }
    }

    /** One batch, waited for: a commit and its sync (what a lone sender's acknowledgement waits for). */
    @Benchmark
    public void appendOne(Appending state) throws Exception {
        state.log.append(state.nextBatch()).get();
    }

    /**
     * {@value #IN_FLIGHT} batches handed over at once, then waited for: group commit puts them in few transactions.
     * The score is per batch.
     */
    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public void appendPipelined(Appending state) throws Exception {
        CompletableFuture<?>[] batches = new CompletableFuture<?>[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            batches[i] = state.log.append(state.nextBatch());
        }
        CompletableFuture.allOf(batches).get();
    }

    /** The last 50 of the room: what a joining client is sent. */
    @Benchmark
    public List<LoggedMessage> lastFifty(Full state) throws Exception {
        return state.log.last(ROOM, 50).get();
    }

    /** A {@code /history} page of 50 from the middle of the room. */
    @Benchmark
    public List<LoggedMessage> pageBack(Full state) throws Exception {
        return state.log.before(ROOM, ROOM_MESSAGES / 2, 50).get();
    }

    /** What a client that missed 1,000 messages is sent when it resumes. */
    @Benchmark
    public List<LoggedMessage> resumeThousand(Full state) throws Exception {
        return state.log.after(ROOM, ROOM_MESSAGES - 1000, 1000).get();
    }

    /** The newest 20 matches of a search. */
    @Benchmark
    public List<LoggedMessage> search(Full state, Query query) throws Exception {
        return state.log.search(ROOM, query.search, Long.MAX_VALUE, 20).get();
    }

    static LoggedMessage message(String room, long seq, String text) {
        return new LoggedMessage(room, seq, Instant.now(), MessageText.SENDER, Wire.V2, "m" + seq, text, false);
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
