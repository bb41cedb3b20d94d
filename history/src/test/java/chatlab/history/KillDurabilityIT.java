package chatlab.history;

import static chatlab.history.Logs.await;
import static org.assertj.core.api.Assertions.assertThat;

import chatlab.testkit.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged message survives {@code kill -9}: a child JVM ({@link AppendingChild}) appends batches and prints
 * every message whose batch completed; it is killed with SIGKILL at a random moment (after a random number of
 * acknowledgements, while it keeps appending), the log is opened again, and every printed message must be there,
 * whole, in order. Three rounds on the same file, each child going on from the last number the log kept.
 */
class KillDurabilityIT {
    static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedMessageSurvivesSigkill() throws Exception {
        Path file = SqliteMessageLog.pathIn(dir);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Set<Long> acknowledged = new TreeSet<>();
        for (int round = 1; round <= ROUNDS; round++) {
            int killAfter = 200 + random.nextInt(2000);
            Set<Long> acked = runAndKill(file, random.nextLong(), killAfter);
            String context = "seed " + seed + ", round " + round + ", killed after " + killAfter + " acks";
            assertThat(acked).as(context).hasSizeGreaterThanOrEqualTo(killAfter);
            acknowledged.addAll(acked);

            List<LoggedMessage> stored = readAll(file);
            List<Long> seqs = Logs.seqs(stored);
            assertThat(seqs).as(context + ": strictly rising").isSorted().doesNotHaveDuplicates();
            assertThat(seqs).as(context + ": every acknowledged message").containsAll(acknowledged);
            assertThat(stored).as(context + ": whole").allSatisfy(message ->
                    assertThat(message.text()).isEqualTo(AppendingChild.text(message.seq())));
            assertThat(integrityCheck(file)).as(context).isEqualTo("ok");
        }
    }

    /** Starts a child, kills it with SIGKILL once it has printed {@code killAfter} acks; returns every ack printed. */
    private static Set<Long> runAndKill(Path file, long seed, int killAfter) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AppendingChild.class.getName(), file.toString(), Long.toString(seed))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Set<Long> acked = new ConcurrentSkipListSet<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("acked ")) {
                        acked.add(Long.parseLong(line.substring("acked ".length())));
                    }
                }
            } catch (java.io.IOException e) {
                // The pipe ended with the child.
            }
        }, "child-output");
        reader.start();
        try {
            Await.until("the child acknowledges " + killAfter + " messages", Duration.ofSeconds(90),
                    () -> acked.size() >= killAfter || !child.isAlive());
            assertThat(child.isAlive()).as("the child is still appending when it is killed").isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        reader.join(TimeUnit.SECONDS.toMillis(30)); // what it printed before it died is still in the pipe
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        return acked;
    }

    private static List<LoggedMessage> readAll(Path file) throws Exception {
        try (SqliteMessageLog log = SqliteMessageLog.openForReading(file, HistoryConfig.defaults())) {
            List<LoggedMessage> all = new ArrayList<>();
            long after = 0;
            while (true) {
                List<LoggedMessage> page = await(log.after(AppendingChild.ROOM, after, 1000));
                if (page.isEmpty()) {
                    return all;
                }
                all.addAll(page);
                after = page.get(page.size() - 1).seq();
            }
        }
    }

    private static String integrityCheck(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet row = s.executeQuery("PRAGMA integrity_check")) {
            return row.next() ? row.getString(1) : "no answer";
        }
    }
}
