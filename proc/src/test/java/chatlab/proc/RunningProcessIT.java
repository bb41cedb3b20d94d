package chatlab.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner against real programs (sh, cat, sleep): output, input, waits, exit, and stopping whole groups. */
class RunningProcessIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static Launch sh(String script) {
        return Launch.of("sh", "-c", script);
    }

    @Test
    void stdoutAndStderrAreKeptApartOrMergedAndEveryLineIsSeenInOrder() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (RunningProcess p = sh("echo one; echo two >&2; printf 'three\\r\\nlast'").onLine((s, t) -> lines.add(s + " " + t))
                .start()) {
            assertThat(p.awaitExit(WAIT)).isTrue();
            assertThat(p.exitCode()).hasValue(0);
            assertThat(p.stdout()).isEqualTo("one\nthree\r\nlast");
            assertThat(p.stderr()).isEqualTo("two\n");
            assertThat(lines).contains("STDOUT one", "STDERR two", "STDOUT three", "STDOUT last");
        }
        Finished merged = sh("echo a; echo b >&2; echo c; exit 3").mergeStderr().run(WAIT);
        assertThat(merged.exitCode()).isEqualTo(3);
        assertThat(merged.timedOut()).isFalse();
        assertThat(merged.ok()).isFalse();
        assertThat(merged.stdout()).isEqualTo("a\nb\nc\n");
        assertThat(merged.stderr()).isEmpty();
    }

    /** Seen once in a full build: awaitExit returned true while the exit status was not known yet (exit -1). */
    @Test
    void theExitStatusIsKnownAsSoonAsAwaitExitSaysItEnded() throws Exception {
        for (int i = 0; i < 200; i++) {
            try (RunningProcess p = sh("exit 3").start()) {
                assertThat(p.awaitExit(WAIT)).isTrue();
                assertThat(p.exitCode()).as("run " + i).hasValue(3);
            }
        }
    }

    @Test
    void typedLinesReachItAndTheEndOfInputEndsIt() throws Exception {
        try (RunningProcess cat = Launch.of("cat").label("cat").start()) {
            cat.send("hello\n");
            assertThat(cat.awaitLine(WAIT, Stream.STDOUT, "hello"::equals)).hasValue("hello");
            cat.send("wörld\n");
            cat.closeInput();
            assertThat(cat.awaitExit(WAIT)).isTrue();
            assertThat(cat.stdout()).isEqualTo("hello\nwörld\n");
            assertThat(cat.inputClosed()).isTrue();
            assertThat(cat.stopRequested()).isFalse();
        }
        assertThat(Launch.of("cat").run("given input", WAIT).stdout()).isEqualTo("given input");
    }

    @Test
    void aWaitEndsWithTheConditionOrTheDeadline() throws Exception {
        try (RunningProcess p = sh("sleep 0.3; echo ready; sleep 100").start()) {
            assertThat(p.await(WAIT, () -> p.stdout().contains("ready"))).isTrue();
            assertThat(p.awaitLine(Duration.ofMillis(200), Stream.STDOUT, "never"::equals)).isEmpty();
            assertThat(p.awaitExit(Duration.ofMillis(200))).isFalse();
            assertThat(p.exitCode()).isEmpty();
        }
    }

    @Test
    void stopEndsTheWholeGroupAfterSigtermAndStopsNothingElse() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        try (RunningProcess p = sh("sleep 100 & echo $! > " + pidFile + "; echo started; wait").start()) {
            assertThat(p.awaitLine(WAIT, Stream.STDOUT, "started"::equals)).isPresent();
            long child = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle sleeper = ProcessHandle.of(child).orElseThrow();
            assertThat(Stopper.processGroup(child)).hasValue(p.pid());
            assertThat(p.stop(WAIT)).as("ended by SIGTERM").isTrue();
            assertThat(p.stopRequested()).isTrue();
            assertThat(Stopper.awaitExit(sleeper, WAIT)).as("the child in its group went too").isTrue();
        }
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void aProgramThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        try (RunningProcess p = sh("trap '' TERM; echo trapped; while :; do sleep 1; done").start()) {
            assertThat(p.awaitLine(WAIT, Stream.STDOUT, "trapped"::equals)).isPresent();
            long started = System.nanoTime();
            assertThat(p.stop(Duration.ofMillis(300))).as("had to be killed").isFalse();
            assertThat(p.alive()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT);
        }
    }

    @Test
    void aRunPastItsTimeIsStoppedWithItsChildren() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Finished f = sh("sleep 100 & echo $! > " + pidFile + "; wait").run(Duration.ofMillis(500));
        assertThat(f.timedOut()).isTrue();
        assertThat(f.exitCode()).isEqualTo(-1);
        long child = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle.of(child).ifPresent(h -> assertThat(Stopper.awaitExit(h, WAIT)).isTrue());
    }

    @Test
    void withoutAGroupOfItsOwnItIsStillStoppedByItsPid() throws Exception {
        try (RunningProcess p = Launch.of("sleep", "100").ownGroup(false).start()) {
            assertThat(Stopper.leadsOwnGroup(p.handle())).isFalse();
            assertThat(p.stop(WAIT)).isTrue();
            assertThat(p.alive()).isFalse();
        }
    }

    @Test
    void outputIsBoundedAndCanBeCopiedToFilesWhole() throws Exception {
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        try (RunningProcess p = sh("echo first; i=0; while [ $i -lt 2000 ]; do echo line$i; i=$((i+1)); done; "
                + "echo oops >&2").outputLimit(100).copyOutputTo(out, err).environment(Map.of("LC_ALL", "C"))
                .directory(dir).start()) {
            assertThat(p.awaitExit(WAIT)).isTrue();
            assertThat(p.stdout()).startsWith("first\n").contains(" bytes left out ...]").endsWith("line1999\n");
            assertThat(p.stdout().length()).isLessThan(200);
            assertThat(Files.readString(out)).startsWith("first\nline0\n").endsWith("line1999\n");
            assertThat(Files.readString(err)).isEqualTo("oops\n");
            assertThat(p.tail(4)).isEqualTo("oops");
            assertThat(p.tail(13)).isEqualTo("line1999\noops");
        }
    }

    @Test
    void terminateAndKillSignalTheGroup() throws Exception {
        try (RunningProcess p = sh("echo up; exec sleep 100").start()) {
            assertThat(p.awaitLine(WAIT, Stream.STDOUT, "up"::equals)).isPresent();
            p.terminate();
            assertThat(p.awaitExit(WAIT)).isTrue();
            assertThat(p.exitCode()).hasValue(128 + 15);
        }
        try (RunningProcess p = sh("trap '' TERM; echo up; while :; do sleep 1; done").start()) {
            assertThat(p.awaitLine(WAIT, Stream.STDOUT, "up"::equals)).isPresent();
            p.kill();
            assertThat(p.alive()).isFalse();
            assertThat(p.describe()).contains("exited 137", "up");
        }
    }

    @Test
    void aProgramThatCannotRunFailsAtStartAsWithoutAGroup() {
        for (boolean group : new boolean[] {true, false}) {
            assertThatThrownBy(() -> Launch.of("no-such-program-chatlab", "x").ownGroup(group).start())
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("Cannot run program \"no-such-program-chatlab\"");
        }
        assertThatThrownBy(() -> Launch.of("./missing").directory(dir).start())
                .hasMessageContaining("Cannot run program \"./missing\" (in directory");
    }
}
