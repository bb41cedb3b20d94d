package chatlab.history;

import chatlab.protocol.v2.Wire;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link KillDurabilityIT}: appends batches to a room as a busy server's room would (several
 * batches in flight, so commits group them), and prints {@code acked SEQ} for every message of a batch once the log
 * has completed it, until it is killed (or has run {@value #MAX_SECONDS} s, so a forgotten child ends).
 *
 * <p>Arguments: the log file, a seed for the batch sizes.
 */
public final class AppendingChild {
    static final String ROOM = "#durable";
    static final int MAX_SECONDS = 120;
    static final int IN_FLIGHT = 8;

    private AppendingChild() {}

    /** The text of message {@code seq}: checked by the parent, so a message is not only there but whole. */
    static String text(long seq) {
        return "message " + seq + " blåbærsyltetøy καλημέρα 東京 " + Long.toString(seq * 7919, 36);
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        try (SqliteMessageLog log = SqliteMessageLog.open(file, HistoryConfig.defaults(), MessageLogEvents.NONE,
                Clock.systemUTC())) {
            long seq = log.room(ROOM).get().map(RoomInfo::lastSeq).orElse(0L);
            out.println("starting after " + seq);
            out.flush();
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_SECONDS);
            while (System.nanoTime() < end) {
                inFlight.acquire();
                List<LoggedMessage> batch = new ArrayList<>();
                for (int n = 1 + random.nextInt(20); n > 0; n--) {
                    seq++;
                    batch.add(new LoggedMessage(ROOM, seq, Instant.now(), "sender", Wire.V2, "id" + seq, text(seq),
                            false));
                }
                log.append(batch).whenComplete((ok, failure) -> {
                    if (failure == null) {
                        synchronized (out) {
                            for (LoggedMessage message : batch) {
                                out.println("acked " + message.seq());
                            }
                            out.flush();
                        }
                    }
                    inFlight.release();
                });
            }
        }
    }
}
