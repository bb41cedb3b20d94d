package chatlab.cli;

import chatlab.testbed.Testbed;
import chatlab.testbed.TestbedException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code chatlab testbed up}: creates the lab's hosts and starts the DNS server. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Creates the lab's hosts (network namespaces joined by a bridge in a namespace of its own) and "
                + "starts dnsmasq on dnsserver. When the testbed is already up it is reused, never doubled. If "
                + "anything fails, or on Ctrl-C, whatever was created is removed again.")
final class TestbedUpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TestbedOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Testbed testbed = options.testbed(out, err);
        boolean created;
        try (TestbedSignals signals = TestbedSignals.install(() -> {}, err)) {
            try {
                created = testbed.up();
            } catch (TestbedException e) {
                if (signals.received() || Thread.interrupted()) {
                    err.println("chatlab: interrupted; nothing is left of the testbed");
                    err.flush();
                    return TestbedCommand.EXIT_INTERRUPTED;
                }
                throw new UserError(e.getMessage());
            }
        }
        Thread.interrupted();
        out.println(created ? "The testbed is up." : "The testbed was already up; nothing was changed.");
        testbed.status().stream().skip(1).forEach(out::println);
        out.flush();
        return 0;
    }
}
