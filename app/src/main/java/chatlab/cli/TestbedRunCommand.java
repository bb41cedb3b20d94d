package chatlab.cli;

import chatlab.testbed.ClusterOptions;
import chatlab.testbed.ClusterRun;
import chatlab.testbed.LabRun;
import chatlab.testbed.Program;
import chatlab.testbed.RunOptions;
import chatlab.testbed.RunResult;
import chatlab.testbed.Scenario;
import chatlab.testbed.TestbedException;
import chatlab.testbed.TestbedRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code chatlab testbed run}: Milestones 3 and 4 in one command. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Runs the lab: tcpdump on webserver, client1 and client2 (and client3), the chat server on webserver, a "
                    + "client on each client host resolving chat.ttm4200.com through dnsserver, a scenario of "
                    + "chatroom messages, #ls, direct messages and a client leaving and coming back; then stops "
                    + "everything in order and analyses the captures (Q3 to Q12).",
            "The output folder holds chatserver.pcap, client1.pcap, client2.pcap, each client's transcript, the "
                    + "analysis and summary.txt, which reports every crash and every message that did not arrive. "
                    + "Brings the testbed up if it is down (and takes it down afterwards); uses it if it is up.",
            "Exit status: 0 all went well, 5 the run had problems (see summary.txt), 130 interrupted; Ctrl-C "
                    + "stops every process and removes what the run created.",
        })
final class TestbedRunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TestbedOptions testbedOptions;

    @Option(names = "--server", paramLabel = "PROGRAM", defaultValue = "chatlab",
            description = "The chat server on webserver: chatlab, or python for the lab's chatserver.py "
                    + "(default: ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "--clients", paramLabel = "P1,P2,P3", defaultValue = "chatlab,chatlab,chatlab",
            description = "The client on client1, client2 and client3, each chatlab or python (the lab's "
                    + "chatclient.py); one word sets all three (default: ${DEFAULT-VALUE}).")
    String clients;

    @Option(names = "--scenario", paramLabel = "FILE", defaultValue = Scenario.DEFAULT,
            description = "A scenario file (one timed action per line, see docs/TESTBED.md) or the name of a "
                    + "built-in one: lab, quick, or cluster (a NATS broker and three chatlab servers as one chat, "
                    + "one server killed, another cut off from the broker; --server, --clients and --loss do not "
                    + "apply) (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The folder for the captures, transcripts, analysis and summary (created if missing; "
                    + "default: a new testbed-run-DATE-TIME folder in $XDG_STATE_HOME/chatlab/testbed-runs, or "
                    + "~/.local/state/chatlab/testbed-runs without it).")
    Path out;

    @Option(names = "--loss", paramLabel = "PERCENT", defaultValue = "0",
            description = "Drop this share (0 to 50) of the TCP packets on the webserver's link with nftables, so "
                    + "the captures show retransmissions (default: ${DEFAULT-VALUE}).")
    int loss;

    @Option(names = "--time-limit", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "End the run by then at the latest, clean-up included (default: the scenario's length "
                    + "plus 3 minutes).")
    Duration timeLimit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path folder;
        TestbedRun run;
        if (ClusterOptions.SCENARIO.equals(scenario)) {
            ClusterOptions options = clusterOptions();
            folder = options.out();
            run = new ClusterRun(testbedOptions.testbed(out, err), options, TestbedOptions.events(out, err));
        } else {
            RunOptions options = options();
            folder = options.out();
            run = new LabRun(testbedOptions.testbed(out, err), options, TestbedOptions.events(out, err));
        }
        out.println("This run goes to " + folder.toAbsolutePath());
        out.flush();
        RunResult result;
        try (TestbedSignals signals = TestbedSignals.install(run::cleanUp, err)) {
            result = run.run();
        } catch (TestbedException e) {
            throw new UserError(e.getMessage());
        }
        Thread.interrupted();
        out.println();
        out.print(result.summaryText());
        out.println();
        out.println("Everything is in " + result.out().toAbsolutePath() + " (start with summary.txt).");
        out.flush();
        if (result.interrupted()) {
            return TestbedCommand.EXIT_INTERRUPTED;
        }
        return result.ok() ? 0 : TestbedCommand.EXIT_RUN_PROBLEMS;
    }

    /** The cluster scenario fixes its programs and has no packet loss: those options are refused, not ignored. */
    ClusterOptions clusterOptions() {
        if (loss != 0 || !server.equals("chatlab") || !clients.equals("chatlab,chatlab,chatlab")) {
            throw new ParameterException(spec.commandLine(), "the cluster scenario chooses its own servers and clients "
                    + "and has no packet loss: leave out --server, --clients and --loss");
        }
        return new ClusterOptions(out != null ? out : TestbedRunsFolder.newRun(),
                timeLimit != null ? timeLimit : ClusterOptions.DEFAULT_TIME_LIMIT);
    }

    RunOptions options() {
        Program serverProgram;
        List<Program> clientPrograms = new ArrayList<>();
        try {
            serverProgram = Program.parse(server);
            String[] words = clients.split(",", -1);
            if (words.length == 1) {
                for (int i = 0; i < 3; i++) {
                    clientPrograms.add(Program.parse(words[0]));
                }
            } else {
                for (String word : words) {
                    clientPrograms.add(Program.parse(word));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Scenario parsed;
        try {
            parsed = Scenario.load(scenario);
        } catch (TestbedException e) {
            throw new UserError(e.getMessage(), 2);
        }
        Path folder = out != null ? out : TestbedRunsFolder.newRun();
        Duration limit = timeLimit != null ? timeLimit : parsed.length().plus(RunOptions.DEFAULT_EXTRA_TIME);
        try {
            return new RunOptions(serverProgram, clientPrograms, parsed, folder, loss, limit);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
