package chatlab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The root command: only lists and dispatches subcommands. */
@Command(
        name = "chatlab",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A Java chat server and client that speak the socket-programming lab's wire, "
                + "and tools to run and analyse the lab.",
        subcommands = {
            ServerCommand.class,
            ClientCommand.class,
            UsersCommand.class,
            HistoryCommand.class,
            CertsCommand.class,
            BenchCommand.class,
            AnalyzeCommand.class,
            TestbedCommand.class,
            CheckCommand.class,
            HelpCommand.class,
        })
public final class ChatlabCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
