package chatlab.cli;

import chatlab.testbed.Testbed;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code chatlab testbed down}: removes everything {@code up} created; safe to run any number of times. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Ends every process on the testbed's hosts (by PID), deletes its namespaces, the resolv.conf "
                + "files in /etc/netns and its files in /run. Safe to run any number of times, and on a testbed "
                + "that a failure or Ctrl-C left half-built.")
final class TestbedDownCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TestbedOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Testbed testbed = options.testbed(out, spec.commandLine().getErr());
        List<String> done;
        // Ctrl-C must not cut a clean-up short: the signals are only acknowledged while it runs.
        try (TestbedSignals signals = TestbedSignals.install(() -> {}, spec.commandLine().getErr())) {
            done = testbed.down();
        }
        Thread.interrupted();
        if (done.isEmpty()) {
            out.println("The testbed is down (there was nothing to remove).");
        } else {
            done.forEach(line -> out.println("  " + line));
            out.println("The testbed is down.");
        }
        out.flush();
        return 0;
    }
}
