package chatlab.check.client;

import chatlab.check.Rule;
import chatlab.check.RuleInfo;
import chatlab.check.RuleResult;
import chatlab.check.engine.Played;
import chatlab.check.engine.RunContext;
import chatlab.check.engine.Scenario;
import chatlab.check.engine.ScenarioRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code chatlab check client}: copies of the client program under test, typed into as users would, against
 * chatlab's own server and the check's peers.
 */
public final class ClientCheck {
    private ClientCheck() {}

    static List<Scenario<ClientSession, ?>> scenarios() {
        return List.of(new RoomScenario(), new Utf8Scenario(), new DirectScenario(), new CopiesScenario(),
                new LabOutputScenario(), new ServerLeavesScenario());
    }

    /** Every client rule, in the order of the report. */
    public static List<RuleInfo> rules() {
        List<RuleInfo> rules = new ArrayList<>();
        for (Scenario<ClientSession, ?> scenario : scenarios()) {
            for (Rule<?> rule : scenario.rules()) {
                rules.add(rule.info());
            }
        }
        return rules;
    }

    public static Played run(RunContext run, long deadline) throws InterruptedException {
        ClientSession session = new ClientSession(run);
        List<RuleResult> results;
        try {
            results = new ScenarioRunner<ClientSession>(run, deadline).run(session, scenarios());
        } finally {
            session.cleanUp();
        }
        return new Played(results, session.started());
    }
}
