package chatlab.cli;

import chatlab.check.Target;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code chatlab check server}: the server under test against chatlab's lab-wire clients and the lab's client. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {
            "Runs COMMAND as the lab's chat server on webserver (10.20.30.3, port 5000), afresh for each scenario, "
                    + "and plays the scenarios with it: clients join, chat, leave and vanish; the lab's own Python "
                    + "client lists users and sends direct messages; non-ASCII names and text; messages near and "
                    + "over 1024 bytes; ten clients at once; two clients with one name; bytes that are not UTF-8 and "
                    + "empty reads; a client that does not read. Each rule says what was expected and what was seen.",
            "Example: chatlab check server --report report-alice -- python3 submissions/alice/chatserver.py",
        })
final class CheckServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CheckOptions options;

    @Override
    public Integer call() {
        return options.run(spec, options.request(spec, Target.SERVER));
    }
}
