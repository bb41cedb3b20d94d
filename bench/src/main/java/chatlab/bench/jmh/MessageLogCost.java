package chatlab.bench.jmh;

import chatlab.history.HistoryConfig;
import chatlab.history.LoggedMessage;
import chatlab.history.MessageLogEvents;
import chatlab.history.SqliteMessageLog;
import chatlab.history.SyncMode;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the message log costs the server per message, in CPU: appends a stream of batches (a room's turns) with a
 * number in flight, through a full room (retention trims as it goes, the search index keeps up), and prints
 * messages per second and the process's CPU microseconds per message (writer, indexing, trimming, and this
 * program's own small share: making the texts and batches) for each stretch of {@value #STRETCH} messages. JMH's
 * {@link MessageLogBenchmark} gives the time; this gives the CPU, which is what a server's deliveries per
 * CPU-second pay.
 *
 * <p>Arguments: messages in all, messages per batch, batches in flight, optionally {@code normal} for {@link
 * SyncMode#NORMAL}, and after it optionally {@code no-index} to keep the search index out of the writer's work
 * (what the rows alone cost; a search would index them first). The log is made in {@code java.io.tmpdir} and
 * removed at the end.
 */
public final class MessageLogCost {
    static final int STRETCH = 25_000;

    private MessageLogCost() {}

    public static void main(String[] args) throws Exception {
        int total = Integer.parseInt(args[0]);
        int batchSize = Integer.parseInt(args[1]);
        int inFlight = Integer.parseInt(args[2]);
        SyncMode sync = args.length > 3 ? SyncMode.parse(args[3]) : SyncMode.FULL;
        if (args.length > 4 && !args[4].equals("index") && !args[4].equals("no-index")) {
            throw new IllegalArgumentException("the fifth argument is index or no-index, not " + args[4]);
        }
        boolean indexAhead = args.length <= 4 || args[4].equals("index");
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Path dir = Files.createTempDirectory("chatlab-log-cost");
        HistoryConfig config = HistoryConfig.defaults().withSync(sync).withIndexAhead(indexAhead);
        try (SqliteMessageLog log = SqliteMessageLog.open(SqliteMessageLog.pathIn(dir), config, MessageLogEvents.NONE,
                Clock.systemUTC())) {
            ChatCorpus corpus = new ChatCorpus(7);
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            long seq = 0;
            long stretchStart = System.nanoTime();
            long stretchCpu = os.getProcessCpuTime();
            System.out.printf("%d messages in batches of %d, %d in flight, sync %s, search index %s%n", total, batchSize,
                    inFlight, sync, indexAhead ? "kept up" : "not kept up");
            while (seq < total) {
                List<LoggedMessage> batch = new ArrayList<>(batchSize);
                for (int i = 0; i < batchSize; i++) {
                    batch.add(MessageLogBenchmark.message(MessageLogBenchmark.ROOM, ++seq, corpus.next()));
                }
                pending.add(log.append(batch));
                if (pending.size() == inFlight) {
                    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
                    pending.clear();
                }
                if (seq % STRETCH < batchSize) {
                    long now = System.nanoTime();
                    long cpu = os.getProcessCpuTime();
                    System.out.printf("up to %,9d: %,8.0f messages/s, %6.1f us CPU per message%n", seq,
                            STRETCH / ((now - stretchStart) / 1e9), (cpu - stretchCpu) / 1e3 / STRETCH);
                    stretchStart = now;
                    stretchCpu = cpu;
                }
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
            var room = log.room(MessageLogBenchmark.ROOM).get(1, TimeUnit.MINUTES).orElseThrow();
            long fileBytes = Files.size(log.path());
            System.out.printf("file: %,d bytes for %,d kept messages: %,d bytes each, of which %,d of text, name and"
                    + " id%n", fileBytes, room.messages(), fileBytes / room.messages(), room.bytes() / room.messages());
        } finally {
            MessageLogBenchmark.delete(dir);
        }
    }
}
