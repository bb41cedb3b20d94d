package chatlab.testbed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts a run's programs on the lab hosts and keeps each one, so that the run ends every one of them by its PID.
 * Their output goes to files in the run's own folder under the testbed's run directory.
 */
final class RunProcesses {
    private final Testbed testbed;
    private final long origin;
    private final List<HostProcess> started = new CopyOnWriteArrayList<>();
    private Path rawDir;
    private Path hostJar;

    RunProcesses(Testbed testbed, long origin) {
        this.testbed = testbed;
        this.origin = origin;
    }

    /** Where the programs' output files go: the run's own folder, deleted at its end. */
    void outputIn(Path rawDir) {
        this.rawDir = rawDir;
    }

    /** The copy of chatlab's jar the hosts run. */
    void chatlabFrom(Path hostJar) {
        this.hostJar = hostJar;
    }

    /** The folder of the output files, or null before {@link #outputIn}. */
    Path rawDir() {
        return rawDir;
    }

    HostProcess start(String label, LabHost host, List<String> command, Map<String, String> env, String file)
            throws TestbedException {
        Map<String, String> environment = new LinkedHashMap<>(env);
        environment.put("NO_COLOR", "1");
        HostProcess p = HostProcess.start(label, host, testbed.onHostDetached(host, command), environment,
                rawDir.resolve(file + "-" + started.size()), origin, line -> {});
        started.add(p);
        return p;
    }

    /** The command that runs chatlab with these arguments on a host, from the hosts' copy of the jar. */
    List<String> chatlab(String... args) {
        List<String> command = new ArrayList<>(List.of(testbed.config().java().toString(), "-Xmx128m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", hostJar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** The command that runs one of the lab's Python programs on a host, unbuffered. */
    List<String> python(String program) {
        return List.of(testbed.config().python(), "-u", testbed.pythonDir().resolve(program).toString());
    }

    /** Every process started so far, in the order they were started. */
    List<HostProcess> started() {
        return started;
    }

    /** Stops every process still running, last started first: clients, then the server, then tcpdump. */
    void stopAll() {
        List<HostProcess> all = new ArrayList<>(started);
        Collections.reverse(all);
        for (HostProcess p : all) {
            if (p.alive()) {
                p.stop(Pids.STOP_GRACE);
            }
        }
    }
}
