package chatlab.bench.jmh;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs chatlab's JMH benchmarks with JMH's own command line ({@code -h} lists it): what {@code org.openjdk.jmh.Main}
 * does, restricted to {@value #PACKAGE_REGEX} when no benchmark is named, and without {@code System.exit}, so a
 * command can call it and pass its exit status on. Output goes to the stream given.
 */
public final class JmhRunner {
    /** The benchmarks run when the arguments name none: everything in this package. */
    public static final String PACKAGE_REGEX = "chatlab\\.bench\\.jmh\\.";

    /** Exit status: the run (or the listing) finished. */
    public static final int OK = 0;
    /** Exit status: a benchmark, a profiler or a forked JVM failed. */
    public static final int FAILED = 1;
    /** Exit status: the arguments are not valid JMH options, or they match no benchmark. */
    public static final int USAGE = 2;

    private JmhRunner() {}

    public static void main(String[] args) {
        System.exit(run(System.out, args));
    }

    /** Runs with output on {@code System.out}. */
    public static int run(String... args) {
        return run(System.out, args);
    }

    /**
     * Runs with output on a command's writer (picocli's {@code spec.commandLine().getOut()}), flushed as JMH prints.
     * JMH's {@code -h}, {@code -lprof} and {@code -lrf} still print on {@code System.out}.
     */
    public static int run(PrintWriter out, String... args) {
        PrintStream stream = new PrintStream(new WriterOutputStream(out), true, StandardCharsets.UTF_8);
        try {
            return run(stream, args);
        } finally {
            stream.flush();
        }
    }

    /**
     * Runs JMH with {@code args} (JMH's options and benchmark regexes) and prints its report on {@code out}.
     *
     * @return {@link #OK}, {@link #FAILED} or {@link #USAGE}
     */
    public static int run(PrintStream out, String... args) {
        CommandLineOptions commandLine;
        try {
            commandLine = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            out.println("Invalid JMH options: " + e.getMessage() + " (-h lists them)");
            return USAGE;
        }
        Options options = restricted(commandLine);
        OutputFormat format = OutputFormatFactory.createFormatInstance(out,
                commandLine.verbosity().orElse(VerboseMode.NORMAL));
        Runner runner = new Runner(options, format);
        try {
            if (commandLine.shouldHelp()) {
                commandLine.showHelp();
            } else if (commandLine.shouldList()) {
                runner.list();
            } else if (commandLine.shouldListWithParams()) {
                runner.listWithParams(commandLine);
            } else if (commandLine.shouldListProfilers()) {
                commandLine.listProfilers();
            } else if (commandLine.shouldListResultFormats()) {
                commandLine.listResultFormats();
            } else {
                Collection<RunResult> results = runner.run();
                return results.isEmpty() ? FAILED : OK;
            }
            return OK;
        } catch (NoBenchmarksException e) {
            out.println("No benchmark matches " + options.getIncludes() + "; -l lists them.");
            return USAGE;
        } catch (RunnerException | IOException | RuntimeException e) {
            out.println("The benchmark run failed: " + e.getMessage());
            e.printStackTrace(out);
            return FAILED;
        }
    }

    /** The options as given, with this package as the only include when none is given. */
    static Options restricted(CommandLineOptions commandLine) {
        if (!commandLine.getIncludes().isEmpty()) {
            return commandLine;
        }
        return new OptionsBuilder().parent(commandLine).include(PACKAGE_REGEX).build();
    }
}
