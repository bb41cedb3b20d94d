package chatlab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code chatlab testbed}: the whole lab on this machine, in network namespaces. Only lists its subcommands. */
@Command(
        name = "testbed",
        mixinStandardHelpOptions = true,
        description = {
            "The whole lab on this Linux machine, without Docker: the hosts dnsserver (10.20.30.2), webserver "
                    + "(10.20.30.3) and client1 to client3 (10.20.30.11 to .13), each a network namespace with the "
                    + "lab's IPv4 and IPv6 (fd00::/64) addresses, joined by a bridge in a namespace of its own. "
                    + "dnsmasq on dnsserver answers chat.ttm4200.com. Nothing is added to the machine's own network, "
                    + "and no traffic leaves the namespaces. Needs root.",
            "",
            // One line per entry: the help layout continues a long one under its text (WrappingHelp).
            "  chatlab testbed run               Milestones 3 and 4 in one command: server, three clients, a "
                    + "scenario, tcpdump, then the analysis; see docs/TESTBED.md",
            "  chatlab testbed up | status | down",
            "  chatlab testbed shell client1     a shell on a host, to run `chatlab client --server chat.ttm4200.com`",
        },
        subcommands = {
            TestbedUpCommand.class,
            TestbedDownCommand.class,
            TestbedStatusCommand.class,
            TestbedRunCommand.class,
            TestbedShellCommand.class,
        })
final class TestbedCommand implements Runnable {
    /** The run finished but something went wrong (a crash, a message that did not arrive); see its summary. */
    static final int EXIT_RUN_PROBLEMS = 5;
    /** Stopped by Ctrl-C or SIGTERM, after cleaning up (128 + SIGINT, as shells report it). */
    static final int EXIT_INTERRUPTED = 130;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
