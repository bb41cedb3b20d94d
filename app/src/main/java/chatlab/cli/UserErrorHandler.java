package chatlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a {@link UserError} into one line on stderr and its exit code; anything else is a bug and keeps its
 * stack trace.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) throws Exception {
        if (ex instanceof UserError userError) {
            cmd.getErr().println("chatlab: " + userError.getMessage());
            cmd.getErr().flush();
            return userError.exitCode();
        }
        throw ex;
    }
}
