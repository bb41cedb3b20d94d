package chatlab.check.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessGroupsTest {
    @TempDir
    Path dir;

    /** A program that ignores SIGTERM and starts a child that ignores it too: both must end, by their PIDs. */
    @Test
    void aGroupThatIgnoresSigtermIsKilledWholeChildrenIncluded() throws Exception {
        String script = "import signal, subprocess, sys, time\n"
                + "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                + "child = subprocess.Popen([sys.executable, '-c', 'import signal, time; "
                + "signal.signal(signal.SIGTERM, signal.SIG_IGN); print(\"child\", flush=True); time.sleep(600)'])\n"
                + "print('child pid', child.pid, flush=True)\n"
                + "time.sleep(600)\n";
        ProgramProcess p = ProgramProcess.start("stubborn", List.of("setsid", "python3", "-c", script),
                Map.of(), dir, System.nanoTime());
        assertThat(p.awaitPrinted(0, Duration.ofSeconds(20), l -> l.startsWith("child pid"))).isTrue();
        long child = Long.parseLong(p.printedFrom(0).stream().filter(l -> l.startsWith("child pid")).findFirst()
                .orElseThrow().substring("child pid ".length()).trim());
        ProcessHandle childHandle = ProcessHandle.of(child).orElseThrow();
        assertThat(ProcessGroups.members(p.pid(), ProcessHandle.of(p.pid()).orElseThrow())).hasSize(2);

        assertThat(p.stop(Duration.ofMillis(200))).isEqualTo(ProcessGroups.Stopped.KILLED);

        assertThat(p.alive()).isFalse();
        assertThat(ProcessGroups.running(childHandle)).isFalse();
        assertThat(p.stopped()).contains(ProcessGroups.Stopped.KILLED);
    }

    @Test
    void aProgramThatEndsByItselfKeepsItsTranscript() throws Exception {
        ProgramProcess p = ProgramProcess.start("polite", List.of("setsid", "python3", "-c",
                "import sys; print('ready', flush=True); sys.stdin.readline(); print('bye', flush=True)"), Map.of(),
                dir, System.nanoTime());
        assertThat(p.awaitPrinted(0, Duration.ofSeconds(20), "ready"::equals)).isTrue();
        p.type("now");
        assertThat(p.awaitExit(Duration.ofSeconds(20))).isTrue();
        assertThat(p.stop(Duration.ofSeconds(1))).isEqualTo(ProcessGroups.Stopped.ALREADY_EXITED);
        assertThat(p.transcript()).contains("out | ready", "in  | now", "out | bye");
    }
}
