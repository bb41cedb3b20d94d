package chatlab.cli;

import chatlab.bench.jmh.JmhRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code chatlab bench jmh}: chatlab's JMH micro-benchmarks, with JMH's own command line. */
@Command(name = "jmh",
        description = "Runs chatlab's JMH benchmarks (the codecs, the user map and the message log) and passes every argument to JMH: "
                + "-h lists JMH's options, -l the benchmarks; without a benchmark named it runs them all. "
                + "See docs/BENCHMARKS.md.")
final class BenchJmhCommand implements Callable<Integer> {
    /** Everything after {@code jmh}, in order, for JMH to parse. */
    @Unmatched
    List<String> jmhArguments = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return JmhRunner.run(spec.commandLine().getOut(), jmhArguments.toArray(String[]::new));
    }
}
