package chatlab.check.server;

import chatlab.check.Rule;
import chatlab.check.RuleInfo;
import chatlab.check.RuleResult;
import chatlab.check.engine.Played;
import chatlab.check.engine.RunContext;
import chatlab.check.engine.Scenario;
import chatlab.check.engine.ScenarioRunner;
import chatlab.check.net.CommandTemplate;
import chatlab.check.proc.ProgramProcess;
import java.util.ArrayList;
import java.util.List;

/** {@code chatlab check server}: the server program under test against the check's peers and the lab's client. */
public final class ServerCheck {
    private ServerCheck() {}

    /** The scenarios, in the order they are played. */
    static List<Scenario<ServerSession, ?>> scenarios() {
        // The slow reader last: the captures end before it (megabytes of filler).
        return List.of(new JoinScenario(), new RelayScenario(), new LabClientsScenario(), DepartureScenario.leave(),
                DepartureScenario.reset(), new Utf8Scenario(), new LongScenario(), new StormScenario(),
                new SameNameScenario(), RobustnessScenario.garbage(), RobustnessScenario.emptyRead(),
                new SlowReaderScenario());
    }

    /** Every server rule, in the order of the report. */
    public static List<RuleInfo> rules() {
        List<RuleInfo> rules = new ArrayList<>();
        for (Scenario<ServerSession, ?> scenario : scenarios()) {
            for (Rule<?> rule : scenario.rules()) {
                rules.add(rule.info());
            }
        }
        return rules;
    }

    /**
     * Plays every scenario, each with a fresh start of the server, and stops everything; {@code deadline} bounds
     * the scenarios' starts.
     */
    public static Played run(RunContext run, long deadline) throws InterruptedException {
        ServerUnderTest server = new ServerUnderTest(run, new CommandTemplate(run.request().command()));
        ServerSession session = new ServerSession(run, server);
        List<RuleResult> results;
        try {
            results = new ScenarioRunner<ServerSession>(run, deadline).run(session, scenarios());
        } finally {
            session.close();
        }
        List<ProgramProcess> programs = new ArrayList<>(server.starts());
        programs.addAll(session.helpers());
        return new Played(results, programs);
    }
}
