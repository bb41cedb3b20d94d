package chatlab.check.server;

import chatlab.check.engine.RunContext;
import chatlab.check.engine.StartProblem;
import chatlab.check.net.CommandTemplate;
import chatlab.check.net.FreePorts;
import chatlab.check.net.LabSlot;
import chatlab.check.net.Placement;
import chatlab.check.proc.Poll;
import chatlab.check.proc.ProcessGroups;
import chatlab.check.proc.ProgramProcess;
import chatlab.testbed.SocketTable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The server program under test: started on the lab's webserver (or the loopback) for each scenario, ready once it
 * listens on its port (seen in the kernel's socket table, so no connection is spent on asking), and always stopped
 * with its whole process group. Every start is kept, with its output.
 */
final class ServerUnderTest implements AutoCloseable {
    private final RunContext run;
    private final CommandTemplate command;
    private final List<ProgramProcess> starts = new ArrayList<>();
    private int port;
    private boolean listenedOnce;
    private boolean killNoted;

    ServerUnderTest(RunContext run, CommandTemplate command) {
        this.run = run;
        this.command = command;
    }

    /**
     * Starts the program for a scenario and waits until it listens; a program that exits first or never listens is
     * a problem.
     */
    void start(String scenario) throws StartProblem, InterruptedException {
        Placement placement = run.placement();
        LabSlot slot = placement.serverSlot();
        port = placement.port() > 0 ? placement.port() : freePort(slot.address());
        // (A port chosen here may still be taken before the program binds it; FreePorts makes that rare.)
        if (placement.network() == chatlab.check.Network.LOCAL && listening(ProcessHandle.current().pid())) {
            throw new StartProblem("something already listens on port " + port + " of this machine; choose another "
                    + "with --port (or stop it)");
        }
        List<String> words = command.expand(placement.placeholders(slot, port, ""));
        String label = "server-" + scenario;
        ProgramProcess process;
        try {
            process = ProgramProcess.start(label, placement.wrap(slot, words), placement.environment(slot, port),
                    run.outputDir(), run.origin());
        } catch (IOException e) {
            throw new StartProblem("cannot start " + CommandTemplate.show(words) + ": " + e.getMessage());
        }
        starts.add(process);
        run.events().progress("  started the server (pid " + process.pid() + ") on " + slot.host() + ", "
                + slot.address() + " port " + port);
        boolean ready = Poll.until(run.timeouts().serverStart(), () -> !process.alive() || listening(process.pid()));
        if (!process.alive()) {
            throw new StartProblem("the server exited" + exitWords(process) + " before it listened on port " + port
                    + lastWords(process));
        }
        if (!ready) {
            throw new StartProblem("the server did not listen on port " + port + " within "
                    + run.timeouts().serverStart().toSeconds() + " s" + hint() + lastWords(process));
        }
        listenedOnce = true;
    }

    /** Whether some start of the program listened on its port. */
    boolean listenedOnce() {
        return listenedOnce;
    }

    /** What a server that never listens probably got wrong. */
    private String hint() {
        if (run.placement().network() == chatlab.check.Network.NAMESPACES) {
            return " (the lab's server binds gethostbyname(gethostname()), here " + run.placement().serverSlot().address()
                    + ", port 5000)";
        }
        return " (on the loopback the server must take its address and port from CHAT_SERVER_IP and CHAT_PORT, or "
                + "from {host} and {port} in its command line)";
    }

    boolean alive() {
        return !starts.isEmpty() && current().alive();
    }

    ProgramProcess current() {
        return starts.get(starts.size() - 1);
    }

    List<ProgramProcess> starts() {
        return List.copyOf(starts);
    }

    int port() {
        return port;
    }

    InetSocketAddress address() {
        try {
            return new InetSocketAddress(InetAddress.getByName(run.placement().serverSlot().address()), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("the server's address does not resolve: " + e.getMessage(), e);
        }
    }

    /** Whether the current start has exited, and how, in words ("exited with status 1"). */
    Optional<String> exited() {
        if (starts.isEmpty() || current().alive()) {
            return Optional.empty();
        }
        return Optional.of("your server exited" + exitWords(current()) + lastWords(current()));
    }

    /** Stops the current start with its process group (SIGTERM, then SIGKILL); a no-op when it was stopped. */
    @Override
    public void close() {
        if (starts.isEmpty() || current().stopped().isPresent()) {
            return;
        }
        ProgramProcess process = current();
        ProcessGroups.Stopped how = process.stop(run.timeouts().stopGrace());
        if (how == ProcessGroups.Stopped.KILLED && !killNoted) {
            killNoted = true;
            run.note("the server (" + process.label() + ") ignored SIGTERM for " + run.timeouts().stopGrace().toMillis()
                    + " ms and was killed with its process group (and so at every stop after)");
        }
    }

    /** Whether the current start listens on its port. */
    boolean listening() {
        return !starts.isEmpty() && current().alive() && listening(current().pid());
    }

    private boolean listening(long pid) {
        return SocketTable.read(pid).stream().anyMatch(s -> s.tcp() && s.state() == SocketTable.LISTEN
                && s.localPort() == port);
    }

    static String exitWords(ProgramProcess p) {
        return p.exitStatus().map(s -> s > 128 ? " (killed by signal " + (s - 128) + ")" : " with status " + s)
                .orElse("");
    }

    /** The program's last few lines, for evidence: a traceback's last line is usually the cause. */
    static String lastWords(ProgramProcess p) {
        List<String> last = p.lastPrinted(4);
        return last.isEmpty() ? "; it printed nothing" : "; its last output: " + String.join(" | ", last);
    }

    private static int freePort(String host) throws StartProblem {
        try {
            return FreePorts.pick(InetAddress.getByName(host));
        } catch (IOException e) {
            throw new StartProblem("cannot find a free port on " + host + ": " + e.getMessage());
        }
    }
}
