package chatlab.cli;

import picocli.CommandLine;

/** Entry point of the runnable jar and of the {@code chatlab} launcher. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = newCommandLine().execute(args);
        System.exit(code);
    }

    /** Builds the picocli command tree; tests use it to run subcommands in-process. */
    public static CommandLine newCommandLine() {
        CommandLine cmd = new CommandLine(new ChatlabCommand());
        cmd.setExecutionExceptionHandler(new UserErrorHandler());
        cmd.setParameterExceptionHandler(new UsageErrorHandler());
        cmd.setHelpFactory(WrappingHelp.FACTORY);
        return cmd;
    }
}
