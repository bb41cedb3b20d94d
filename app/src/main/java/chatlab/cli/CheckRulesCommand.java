package chatlab.cli;

import chatlab.check.Catalogue;
import chatlab.check.RuleInfo;
import chatlab.check.Target;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code chatlab check rules}: the catalogue. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Lists every rule of the server and the client checks: its id, whether it is required or "
                + "advice, what it checks, and the lab's words it comes from.")
final class CheckRulesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Target target : Target.values()) {
            out.println("chatlab check " + target.word() + ":");
            for (RuleInfo rule : Catalogue.rules(target)) {
                out.println();
                out.println("  " + rule.id() + " (" + rule.requirement().word() + ")");
                out.println("    " + rule.title());
                out.println("    lab: \"" + rule.labText() + "\" (" + rule.labPlace() + ")");
            }
            out.println();
        }
        out.flush();
        return 0;
    }
}
