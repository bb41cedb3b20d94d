package chatlab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A mistake on the command line, in any subcommand: one line saying what is wrong (with the nearest option or
 * command for a typo), one line pointing to that command's --help, and exit code 2. The full help is not printed:
 * fifty lines of it hid the one that mattered.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        boolean aboutCommand = false;
        String message;
        // picocli checks required parameters before it complains of unknown words; a typo is the likelier cause.
        List<String> unmatched = ex instanceof UnmatchedArgumentException u ? u.getUnmatched()
                : cmd.getUnmatchedArguments();
        if (!unmatched.isEmpty()) {
            String first = firstOptionLike(unmatched);
            if (first != null) {
                message = unknownOption(cmd, first);
            } else {
                String word = unmatched.get(0);
                aboutCommand = !cmd.getSubcommands().isEmpty();
                message = aboutCommand ? unknownCommand(cmd, word) : "unexpected argument '" + word + "'";
            }
        } else {
            message = sentence(ex.getMessage());
        }
        err.println("chatlab: " + message);
        err.println("run '" + cmd.getCommandSpec().qualifiedName() + " --help' for all "
                + (aboutCommand ? "commands" : "options"));
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The first unmatched word that looks like an option, without a value given with '='. */
    private static String firstOptionLike(List<String> unmatched) {
        for (String word : unmatched) {
            if (word.startsWith("-") && word.length() > 1) {
                int equals = word.indexOf('=');
                return equals > 0 ? word.substring(0, equals) : word;
            }
        }
        return null;
    }

    static String unknownOption(CommandLine cmd, String typed) {
        List<String> names = new ArrayList<>();
        for (OptionSpec option : cmd.getCommandSpec().options()) {
            if (!option.hidden()) {
                names.addAll(List.of(option.names()));
            }
        }
        return "unknown option '" + typed + "'" + didYouMean(Suggestions.nearest(typed, names));
    }

    static String unknownCommand(CommandLine cmd, String typed) {
        List<String> names = new ArrayList<>();
        cmd.getSubcommands().forEach((name, sub) -> {
            CommandSpec spec = sub.getCommandSpec();
            if (!spec.usageMessage().hidden()) {
                names.add(name);
            }
        });
        return "unknown command '" + typed + "'" + didYouMean(Suggestions.nearest(typed, names));
    }

    private static String didYouMean(List<String> nearest) {
        if (nearest.isEmpty()) {
            return "";
        }
        List<String> quoted = nearest.stream().map(n -> "'" + n + "'").toList();
        return "; did you mean " + (quoted.size() == 1 ? quoted.get(0)
                : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1))
                + "?";
    }

    /** picocli's messages start with a capital ("Missing required option"); ours continue "chatlab: ". */
    private static String sentence(String message) {
        if (message == null || message.isEmpty()) {
            return "invalid command line";
        }
        boolean acronym = message.length() > 1 && Character.isUpperCase(message.charAt(1));
        return acronym ? message : message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
}
