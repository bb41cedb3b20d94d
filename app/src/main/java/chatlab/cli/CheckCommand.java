package chatlab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code chatlab check}: grades a lab server or client program against the lab's wire. Only lists its subcommands. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Checks anyone's lab chat server or client, as a teacher would grade it: the program runs unmodified in "
                    + "the lab's network (network namespaces: webserver 10.20.30.3, client1 to client3, DNS for "
                    + "chat.ttm4200.com, port 5000), chatlab's own lab-wire clients, the lab's own Python client "
                    + "and chatlab's server play scenarios with it, and named rules say what passed and what failed, "
                    + "with the evidence and the lab's words. Needs root; without it, --host runs a program that "
                    + "takes its addresses from the environment or its arguments on the loopback.",
            "",
            // One line per entry: the help layout continues a long one under its text (WrappingHelp).
            "  chatlab check server -- python3 chatserver.py     the server under test on webserver",
            "  chatlab check client -- python3 chatclient.py     copies of the client under test on client1, client2",
            "  chatlab check rules                               every rule, required or advice, and its lab text",
            "",
            "Exit status: 0 every required rule passed, 4 a required rule failed (or could not be judged), 3 the "
                    + "check could not run, 2 a usage error, 130 interrupted. The rules: docs/CHECK.md.",
        },
        subcommands = {
            CheckServerCommand.class,
            CheckClientCommand.class,
            CheckRulesCommand.class,
        })
final class CheckCommand implements Runnable {
    /** A required rule failed, or could not be judged: the program does not pass. */
    static final int EXIT_FAILED = 4;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
