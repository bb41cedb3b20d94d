package chatlab.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The start every kind of run shares: the tools and programs it needs, its folder, the testbed up, its claim. */
final class RunSetup {
    private RunSetup() {}

    /**
     * Checks the tools and programs, creates {@code out/transcripts} and brings the testbed up when it is down.
     * Returns whether this run brought it up (and so takes it down at its end).
     */
    static boolean prepare(Testbed testbed, RunLog log, List<Tools.Tool> tools, boolean chatlab, boolean python,
            Path out) throws TestbedException {
        Tools.requireAll(tools);
        if (chatlab && testbed.config().jar().isEmpty()) {
            throw new TestbedException("cannot find the chatlab jar to run inside the hosts; build it with "
                    + "`mvn -B package` and run chatlab from app/target/chatlab.jar (or ./chatlab)");
        }
        if (python && Tools.find(testbed.config().python()).isEmpty()) {
            throw new TestbedException("the lab's Python programs need " + testbed.config().python()
                    + ", which is not installed; on Debian: apt-get install python3");
        }
        try {
            Files.createDirectories(out.resolve("transcripts"));
        } catch (IOException e) {
            throw new TestbedException("cannot create the output folder " + out + ": " + e.getMessage(), e);
        }
        Testbed.State state = testbed.state();
        if (state == Testbed.State.PARTIAL) {
            throw new TestbedException("an incomplete testbed exists; run `chatlab testbed down` first");
        }
        if (state == Testbed.State.DOWN) {
            log.progress("bringing the testbed up");
            return testbed.up();
        }
        log.progress("using the testbed that is already up");
        return false;
    }

    /**
     * The run's own folder under the testbed's run directory, for the programs' output (and, with {@code chatlab},
     * the copy of the jar the hosts run: rebuilding the jar during a run, as ./chatlab does when sources changed,
     * must not pull it from under the programs).
     */
    static Path rawDir(Testbed testbed, RunProcesses processes, boolean chatlab) throws IOException {
        Path rawDir = testbed.config().runDir().resolve("run-" + ProcessHandle.current().pid());
        processes.outputIn(rawDir);
        Files.createDirectories(rawDir);
        if (chatlab) {
            Path hostJar = rawDir.resolve("chatlab.jar");
            processes.chatlabFrom(hostJar);
            Files.copy(testbed.config().jar().orElseThrow(), hostJar);
        }
        return rawDir;
    }

    /** What a run does once it has started; its failures become the run's problems. */
    interface Body {
        void play() throws TestbedException, InterruptedException, IOException;
    }

    /**
     * Plays {@code body}, turning its failures into problems of the run, then cleans up with a clear interrupt flag
     * (so the waits inside work). Returns whether the run was interrupted.
     */
    static boolean guarded(RunLog log, Body body, Runnable cleanUp) {
        boolean interrupted = false;
        try {
            body.play();
        } catch (InterruptedException e) {
            interrupted = true;
            log.problem("interrupted (Ctrl-C or SIGTERM) at " + RunLog.seconds(log.now())
                    + " s; everything was stopped and removed");
        } catch (TestbedException e) {
            log.problem(e.getMessage());
        } catch (IOException e) {
            log.problem("cannot write the run's files: " + e.getMessage());
        } finally {
            interrupted |= Thread.interrupted();
            cleanUp.run();
        }
        return interrupted;
    }

    /** The run's result, after its summary is written; the interrupt flag is set again for the caller. */
    static RunResult result(Path out, String summary, RunLog log, boolean interrupted, RunProcesses processes) {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new RunResult(out, out.resolve("summary.txt"), summary, List.copyOf(log.problems()), interrupted,
                processes.started().stream().map(HostProcess::pid).toList());
    }

    /**
     * The end every run shares, after its processes are stopped: the DNS server's log of the run copied to {@code out},
     * the run's own folder removed, and the testbed taken down if the run brought it up, else given back.
     */
    static void finish(Testbed testbed, RunProcesses processes, RunLog log, Path out, long dnsLogStart,
            boolean ownsTestbed) {
        LabRun.copyDnsLog(testbed, out, dnsLogStart, log);
        if (processes.rawDir() != null) {
            testbed.deleteTree(processes.rawDir());
        }
        if (ownsTestbed) {
            testbed.down();
            log.progress("took the testbed down");
        } else {
            RunClaim.release(testbed);
        }
    }
}
