package chatlab.check.engine;

import chatlab.check.net.LabSlot;
import chatlab.check.proc.ProgramProcess;
import chatlab.testbed.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * tcpdump on lab hosts while a check runs, one capture file per host ({@code webserver.pcap}, ...), so evidence
 * can name the frame that carried it. Only in the lab's namespaces (each host has its own {@code eth0} that sees
 * only its own traffic) and only when tcpdump is installed.
 */
public final class Captures {
    /** How long tcpdump gets to open its interface. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final RunContext run;
    private final List<ProgramProcess> tcpdumps = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();

    public Captures(RunContext run) {
        this.run = run;
    }

    /** Starts tcpdump on each host's {@code eth0}, writing {@code dir/HOST.pcap}; a host it cannot capture on is a note. */
    public void start(List<LabSlot> hosts, Path dir) throws InterruptedException {
        var tcpdump = Tools.find("tcpdump");
        if (tcpdump.isEmpty()) {
            run.note("no captures: tcpdump is not installed (on Debian: apt-get install tcpdump)");
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            run.note("no captures: cannot create " + dir + ": " + e.getMessage());
            return;
        }
        for (LabSlot host : hosts) {
            if (host.namespace().isEmpty()) {
                continue;
            }
            Path file = dir.resolve(host.host() + ".pcap");
            List<String> command = List.of("setsid", "ip", "netns", "exec", host.namespace().get(),
                    tcpdump.get().toString(), "-i", "eth0", "-n", "-U", "--immediate-mode", "-Z", "root", "-w",
                    file.toString());
            try {
                ProgramProcess p = ProgramProcess.start("tcpdump-" + host.host(), command, Map.of(),
                        run.outputDir(), run.origin());
                tcpdumps.add(p);
                if (p.awaitPrinted(0, START_TIMEOUT, l -> l.contains("listening on")) && p.alive()) {
                    files.add(file);
                } else {
                    run.note("tcpdump did not start on " + host.host() + ": " + String.join(" | ", p.lastPrinted(2)));
                }
            } catch (IOException e) {
                run.note("cannot start tcpdump on " + host.host() + ": " + e.getMessage());
            }
        }
    }

    /** Stops every tcpdump (SIGTERM: it writes what it holds and exits) and returns the files written. */
    public List<Path> stop() {
        for (ProgramProcess p : tcpdumps) {
            if (p.stopped().isEmpty()) {
                p.stop(run.timeouts().stopGrace());
            }
        }
        return files.stream().filter(Files::isRegularFile).toList();
    }

    /** Ends the captures before a scenario that is not to be captured, with a note saying so. */
    public void end(String why) {
        if (!tcpdumps.isEmpty() && tcpdumps.get(0).stopped().isEmpty()) {
            stop();
            run.note("the captures end here: " + why);
        }
    }
}
