package chatlab.cli;

import chatlab.check.CheckEvents;
import chatlab.check.CheckException;
import chatlab.check.CheckOutcome;
import chatlab.check.CheckRequest;
import chatlab.check.CheckRunner;
import chatlab.check.CheckTimeouts;
import chatlab.check.Catalogue;
import chatlab.check.Target;
import chatlab.check.report.OutcomeJson;
import chatlab.check.report.SummaryText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** What {@code chatlab check server} and {@code client} share: the program, where it runs, the output, the limits. */
final class CheckOptions {
    @Parameters(arity = "1..*", paramLabel = "COMMAND",
            description = "The program to check and its arguments, after --. Placeholders {host}, {server}, {port}, "
                    + "{udp_port}, {client_ip} and {name} are replaced (see docs/CHECK.md).")
    List<String> command = new ArrayList<>();

    @Option(names = "--host", paramLabel = "ADDR",
            description = "Run on the loopback instead of the lab's network (no root needed): the server listens on "
                    + "ADDR. The program is told its addresses in CHAT_SERVER_IP, CHAT_SERVER, CHAT_CLIENT_IP and "
                    + "CHAT_PORT, and in the placeholders; clients run at 127.0.0.11 and up.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "With --host: the server's TCP port; 0 picks a free one for every start of the server "
                    + "(default: ${DEFAULT-VALUE}). The lab's network always uses 5000.")
    int port;

    @Option(names = "--udp-port", paramLabel = "PORT", defaultValue = "0",
            description = "With --host: the UDP port of direct messages; 0 uses the TCP port's number, as the lab does "
                    + "(default: ${DEFAULT-VALUE}).")
    int udpPort;

    @Option(names = "--json", description = "Print the result as JSON (for autograders) instead of the summary.")
    boolean json;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Write report.md, result.json, summary.txt, each program's transcript and (in the lab's "
                    + "network, with tcpdump) the captures to DIR.")
    Path report;

    @Option(names = "--only", paramLabel = "IDS", split = ",",
            description = "Judge only these rules (ids such as S-RELAY-OTHERS, comma-separated).")
    List<String> only = new ArrayList<>();

    @Option(names = "--skip", paramLabel = "IDS", split = ",", description = "Do not judge these rules.")
    List<String> skip = new ArrayList<>();

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = CheckTimeouts.DEFAULT_STEP_SECONDS + "s",
            description = "How long to wait for each thing the lab says must happen (a map, a message, a printed "
                    + "line); a passing program is never waited for (default: ${DEFAULT-VALUE}).")
    Duration step;

    @Option(names = "--start-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = CheckTimeouts.DEFAULT_SERVER_START_SECONDS + "s",
            description = "How long a server may take to listen on its port (default: ${DEFAULT-VALUE}).")
    Duration serverStart;

    @Option(names = "--scenario-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = CheckTimeouts.DEFAULT_SCENARIO_SECONDS + "s",
            description = "The most one scenario may take (default: ${DEFAULT-VALUE}).")
    Duration scenario;

    @Option(names = "--time-limit", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = CheckTimeouts.DEFAULT_RUN_SECONDS + "s",
            description = "The most the whole check may take, clean-up included (default: ${DEFAULT-VALUE}).")
    Duration run;

    @Option(names = "--stop-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = CheckTimeouts.DEFAULT_STOP_GRACE_SECONDS + "s",
            description = "How long a program has to exit after SIGTERM before its process group is killed "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration stopGrace;

    @Option(names = "--stall", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = CheckTimeouts.DEFAULT_STALL_SECONDS + "s",
            description = "In the slow-reader scenario, how long the other clients may get nothing before the server "
                    + "counts as held up by the client that does not read (default: ${DEFAULT-VALUE}; chatlab's own "
                    + "server cuts such a client off after 5 s).")
    Duration stall;

    @Option(names = "--python", paramLabel = "PYTHON", defaultValue = "python3",
            description = "The Python 3 that runs the lab's own client (default: ${DEFAULT-VALUE}).")
    String python;

    @Option(names = "--quiet", description = "Do not print progress (on stderr).")
    boolean quiet;

    @Option(names = "--prefix", hidden = true, defaultValue = CheckRequest.DEFAULT_PREFIX,
            description = "Start of every namespace's name (tests use their own); the process id follows.")
    String prefix;

    /** The request, checked; a bad option is a usage error naming it. */
    CheckRequest request(CommandSpec spec, Target target) {
        Set<String> known = new LinkedHashSet<>();
        Catalogue.rules(target).forEach(r -> known.add(r.id()));
        for (String id : concat(only, skip)) {
            if (!known.contains(id)) {
                throw new ParameterException(spec.commandLine(), "'" + id + "' is not a " + target.word()
                        + " rule; `chatlab check rules` lists them");
            }
        }
        try {
            CheckRequest request = CheckRequest.of(target, command)
                    .withTimeouts(new CheckTimeouts(step, serverStart, scenario, run, stopGrace, stall))
                    .withRules(new LinkedHashSet<>(only), new LinkedHashSet<>(skip)).withReportDir(report)
                    .withPrefix(prefix).withPython(python);
            if (host != null) {
                request = request.local(host, port).withUdpPort(udpPort);
            } else if (port != 0 || udpPort != 0) {
                throw new ParameterException(spec.commandLine(), "--port and --udp-port go with --host: the lab's "
                        + "network always uses port 5000");
            }
            return request;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Runs the check, prints the summary or the JSON, and returns the exit status. */
    int run(CommandSpec spec, CheckRequest request) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CheckEvents events = new CheckEvents() {
            @Override
            public void progress(String line) {
                if (!quiet) {
                    err.println(line);
                    err.flush();
                }
            }

            @Override
            public void warning(String line) {
                err.println("chatlab: warning: " + line);
                err.flush();
            }
        };
        CheckOutcome outcome;
        try (TestbedSignals signals = TestbedSignals.install(() -> {}, err)) {
            outcome = CheckRunner.run(request, events);
        } catch (CheckException e) {
            throw new UserError(e.getMessage());
        } catch (InterruptedException e) {
            err.println("chatlab: interrupted; every program was stopped and the namespaces removed");
            err.flush();
            return TestbedCommand.EXIT_INTERRUPTED;
        }
        Thread.interrupted();
        out.print(json ? OutcomeJson.write(outcome) : SummaryText.render(outcome));
        out.flush();
        return outcome.passed() ? 0 : CheckCommand.EXIT_FAILED;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
