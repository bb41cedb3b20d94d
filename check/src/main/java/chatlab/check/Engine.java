package chatlab.check;

import chatlab.check.client.ClientCheck;
import chatlab.check.engine.Captures;
import chatlab.check.engine.FrameFinder;
import chatlab.check.engine.Played;
import chatlab.check.engine.RunContext;
import chatlab.check.net.CommandTemplate;
import chatlab.check.net.LabSlot;
import chatlab.check.net.Placement;
import chatlab.check.proc.ProcessGroups;
import chatlab.check.proc.ProgramProcess;
import chatlab.check.report.Reports;
import chatlab.check.server.ServerCheck;
import chatlab.labpython.LabPythonPrograms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs one check where this JVM is: on the loopback, or inside the lab's network when the sandbox started this JVM
 * in a namespace. Scratch files (the programs' raw output, the lab's Python programs) go to a temporary folder
 * that is removed at the end; the report, when asked for, to its folder.
 */
public final class Engine {
    /** Part of the run's time limit kept for stopping everything and writing the report. */
    static final double SCENARIO_SHARE_OF_TIME_LIMIT = 0.85;

    private Engine() {}

    /** @param captureHosts the lab hosts to capture on (namespaces only), when a report is asked for */
    public static CheckOutcome run(CheckRequest request, Placement placement, List<LabSlot> captureHosts,
            CheckEvents events) throws CheckException, InterruptedException {
        long origin = System.nanoTime();
        long deadline = origin + (long) (request.timeouts().run().toNanos() * SCENARIO_SHARE_OF_TIME_LIMIT);
        Path scratch;
        try {
            scratch = Files.createTempDirectory("chatlab-check-");
        } catch (IOException e) {
            throw new CheckException("cannot create a temporary folder: " + e.getMessage(), e);
        }
        try {
            Path report = request.reportDir().map(Path::toAbsolutePath).orElse(null);
            if (report != null) {
                createFolder(report);
            }
            Path lab = LabPythonPrograms.extractTo(scratch.resolve("lab"));
            RunContext run = new RunContext(request, placement, scratch.resolve("output"), lab, origin, events);
            Captures captures = new Captures(run);
            if (report != null && !captureHosts.isEmpty()) {
                captures.start(captureHosts, report.resolve("captures"));
                run.onEndOfCaptures(() -> captures.end("the next scenario moves megabytes of filler"));
            }
            Played played;
            List<Path> files;
            try {
                played = request.target() == Target.SERVER ? ServerCheck.run(run, deadline)
                        : ClientCheck.run(run, deadline);
            } finally {
                // Captures are closed after the programs, so their last packets are in.
                files = captures.stop();
            }
            List<RuleResult> results = FrameFinder.annotate(played.results(), files);
            List<String> captureNames = files.stream().map(f -> "captures/" + f.getFileName()).toList();
            CheckOutcome outcome = new CheckOutcome(request.target(), CommandTemplate.show(request.command()),
                    placement.network(), results, run.notes(), programs(played.programs()), captureNames,
                    (System.nanoTime() - origin) / 1_000_000, Optional.ofNullable(report).map(Path::toString));
            if (report != null) {
                Reports.write(outcome, report);
            }
            return outcome;
        } finally {
            deleteTree(scratch);
        }
    }

    static List<CheckOutcome.Program> programs(List<ProgramProcess> processes) {
        List<CheckOutcome.Program> out = new ArrayList<>();
        for (ProgramProcess p : processes) {
            out.add(new CheckOutcome.Program(p.label(), CommandTemplate.show(p.command()), ended(p), p.transcript()));
        }
        return out;
    }

    private static String ended(ProgramProcess p) {
        ProcessGroups.Stopped how = p.stopped().orElse(null);
        if (how == ProcessGroups.Stopped.KILLED) {
            return "killed with its process group (it ignored SIGTERM)";
        }
        if (how == ProcessGroups.Stopped.TERMINATED) {
            return "stopped by the check (SIGTERM)";
        }
        return p.exitStatus().map(s -> s > 128 ? "killed by signal " + (s - 128) : "exited with status " + s)
                .orElse("still running");
    }

    private static void createFolder(Path dir) throws CheckException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CheckException("cannot create the report folder " + dir + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
