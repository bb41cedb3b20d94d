package chatlab.bench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /proc parsers against fake /proc files. */
class ProcFilesTest {
    /** A real line's shape; the command name holds spaces and a parenthesis. utime 1234, stime 766. */
    private static final String STAT = "4242 (my (odd) server) S 1 4242 4242 0 -1 4194560 9000 0 0 0 1234 766 0 0 20 0 "
            + "12 0 1000 2000000000 30000 18446744073709551615 1 1 0 0 0 0 0 4096 17663 0 0 0 17 1 0 0 0 0 0";
    private static final String STATUS = "Name:\tjava\nUmask:\t0022\nState:\tS (sleeping)\nVmPeak:\t 9000000 kB\n"
            + "VmRSS:\t  123456 kB\nRssAnon:\t  100000 kB\nThreads:\t12\n";

    @TempDir
    Path proc;

    private void fakeProcess(long pid, String stat, String status, Map<Long, String> schedstat) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), stat);
        Files.writeString(dir.resolve("status"), status);
        Files.writeString(dir.resolve("comm"), "java\n");
        for (var thread : schedstat.entrySet()) {
            Path task = Files.createDirectories(dir.resolve("task").resolve(Long.toString(thread.getKey())));
            Files.writeString(task.resolve("schedstat"), thread.getValue());
        }
    }

    @Test
    void readsUtimePlusStimeAfterTheCommandNameAndVmRss() throws Exception {
        fakeProcess(4242, STAT, STATUS, Map.of(4242L, "5000000 10 3\n", 4243L, "7000000 0 1\n"));
        ProcFiles files = new ProcFiles(proc, 100);
        ProcFiles.Sample sample = files.sample(4242);
        assertThat(sample.cpuNanos()).isEqualTo(20_000_000_000L); // 2000 ticks at 100 per second
        assertThat(sample.rssBytes()).isEqualTo(123_456L * 1024);
        assertThat(sample.threadCpuNanos()).containsEntry(4242L, 5_000_000L).containsEntry(4243L, 7_000_000L);
        assertThat(files.command(4242)).isEqualTo("java");
    }

    @Test
    void cpuBetweenSamplesIsToTheNanosecondWhileEveryThreadLives() {
        ProcFiles.Sample before = new ProcFiles.Sample(1_000_000_000L, 0, Map.of(1L, 100L, 2L, 200L));
        ProcFiles.Sample after = new ProcFiles.Sample(1_010_000_000L, 0, Map.of(1L, 150L, 2L, 260L, 3L, 40L));
        assertThat(after.cpuNanosSince(before)).isEqualTo(150);
    }

    @Test
    void whenAThreadHasExitedItFallsBackToTheTicks() {
        ProcFiles.Sample before = new ProcFiles.Sample(1_000_000_000L, 0, Map.of(1L, 100L, 2L, 200L));
        ProcFiles.Sample after = new ProcFiles.Sample(1_030_000_000L, 0, Map.of(1L, 150L));
        assertThat(after.cpuNanosSince(before)).isEqualTo(30_000_000L);
        ProcFiles.Sample noSchedstat = new ProcFiles.Sample(1_040_000_000L, 0, Map.of());
        assertThat(noSchedstat.cpuNanosSince(new ProcFiles.Sample(1_000_000_000L, 0, Map.of()))).isEqualTo(40_000_000L);
    }

    @Test
    void refusesWhatIsNotAStatLineOrHasNoRss() {
        assertThatThrownBy(() -> ProcFiles.cpuTicks("garbage")).hasMessageContaining("parentheses");
        assertThatThrownBy(() -> ProcFiles.cpuTicks("1 (x) S 1 2")).hasMessageContaining("fields");
        assertThatThrownBy(() -> ProcFiles.rssKilobytes("Name:\tkthreadd\n")).hasMessageContaining("VmRSS");
    }

    @Test
    void aMissingProcessIsAClearError() {
        ServerProbe probe = new ServerProbe(99999, new ProcFiles(proc, 100), java.util.Optional.empty());
        assertThatThrownBy(probe::sample).hasMessageContaining("/proc/99999").hasMessageContaining("PID");
    }

    @Test
    void theRealProcOfThisJvmIsReadable() throws Exception {
        ProcFiles.Sample sample = ProcFiles.system().sample(ProcessHandle.current().pid());
        assertThat(sample.cpuNanos()).isPositive();
        assertThat(sample.rssBytes()).isPositive();
    }

    @Test
    void heapInfoUsedIsTheWholeHeapsFirstLine() {
        String g1 = "12345:\n garbage-first heap   total 262144K, used 20480K [0x00000000f0000000, 0x0000000100000000)\n"
                + "  region size 1024K, 3 young (3072K), 0 survivors (0K)\n Metaspace       used 9000K, committed 9500K\n";
        assertThat(HeapProbe.parseUsedBytes(g1)).hasValue(20_480L * 1024);
        assertThat(HeapProbe.parseUsedBytes("nothing here")).isEmpty();
        String parallel = """
                12345:
                 PSYoungGen      total 76288K, used 1310K [0x00000007d5580000, 0x00000007dab00000, 0x0000000800000000)
                  eden space 65536K, 2% used [0x00000007d5580000,0x00000007d56c7a08,0x00000007d9580000)
                  from space 10752K, 0% used [0x00000007da080000,0x00000007da080000,0x00000007dab00000)
                 ParOldGen       total 175104K, used 995K [0x0000000780000000, 0x000000078ab00000, 0x00000007d5580000)
                  object space 175104K, 0% used [0x0000000780000000,0x00000007800f8c20,0x000000078ab00000)
                 Metaspace       used 18084K, committed 18368K, reserved 1114112K
                  class space    used 1993K, committed 2112K, reserved 1048576K
                """;
        assertThat(HeapProbe.parseUsedBytes(parallel)).as("young and old, not metaspace").hasValue((1310L + 995) * 1024);
    }
}
