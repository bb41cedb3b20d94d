package chatlab.cli;

import chatlab.testbed.Testbed;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code chatlab testbed status}: whether the testbed is up, its hosts, addresses and processes. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Says whether the testbed is up, down or incomplete, and lists the hosts with their addresses, "
                + "namespaces and the processes running on them.")
final class TestbedStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TestbedOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Testbed testbed = options.testbed(out, spec.commandLine().getErr());
        testbed.status().forEach(out::println);
        out.flush();
        return 0;
    }
}
