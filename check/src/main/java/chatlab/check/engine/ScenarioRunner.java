package chatlab.check.engine;

import chatlab.check.Evidence;
import chatlab.check.Rule;
import chatlab.check.RuleResult;
import chatlab.check.Status;
import chatlab.check.Verdict;
import java.io.IOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plays the scenarios one after another, each within its time bound and the run's, and has their rules judge what
 * they saw. Only selected rules are judged; a scenario none of whose rules is selected is not played.
 */
public final class ScenarioRunner<S extends CheckSession> {
    private final RunContext run;
    private final long deadline;

    /** @param deadline {@link System#nanoTime()} after which no scenario starts */
    public ScenarioRunner(RunContext run, long deadline) {
        this.run = run;
        this.deadline = deadline;
    }

    public List<RuleResult> run(S session, List<? extends Scenario<S, ?>> scenarios) throws InterruptedException {
        List<RuleResult> results = new ArrayList<>();
        ExecutorService player = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "check-scenario");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Scenario<S, ?> scenario : scenarios) {
                results.addAll(playOne(session, scenario, player));
            }
        } finally {
            player.shutdownNow();
        }
        return results;
    }

    private <O> List<RuleResult> playOne(S session, Scenario<S, O> scenario, ExecutorService player)
            throws InterruptedException {
        List<Rule<O>> rules = scenario.rules().stream().filter(r -> run.request().selected(r.info().id())).toList();
        if (rules.isEmpty()) {
            return List.of();
        }
        if (System.nanoTime() > deadline) {
            return all(scenario, rules, Verdict.error("not played: the check reached its time limit of "
                    + run.timeouts().run().toSeconds() + " s (--time-limit)"));
        }
        run.events().progress("scenario " + scenario.name() + ": " + scenario.story());
        if (!scenario.captured()) {
            run.endCaptures();
        }
        Optional<String> unready = session.prepare(scenario.name());
        if (unready.isPresent()) {
            return all(scenario, rules, Verdict.fail("the program runs, so the scenario can be played",
                    unready.get(), List.of()));
        }
        O seen;
        Future<O> playing = player.submit(() -> scenario.play(session));
        try {
            seen = playing.get(run.timeouts().scenario().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            playing.cancel(true);
            session.cleanUp();
            return all(scenario, rules, Verdict.error("the scenario did not finish within "
                    + run.timeouts().scenario().toSeconds() + " s (--scenario-timeout)"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof NotApplicable n) {
                session.cleanUp();
                return all(scenario, rules, Verdict.notApplicable(n.getMessage()));
            }
            if (cause instanceof IOException io && !(cause instanceof BindException)) {
                // The program's side of a socket: a refused connection or a reset is the program's doing.
                Verdict lost = Verdict.fail("the scenario can talk to the program", "the check lost the program: "
                        + io.getMessage(), session.trouble());
                session.cleanUp();
                return all(scenario, rules, lost);
            }
            session.cleanUp();
            return all(scenario, rules, Verdict.error("the check failed while playing the scenario: " + cause));
        } catch (InterruptedException e) {
            playing.cancel(true);
            session.cleanUp();
            throw e;
        }
        List<Evidence> trouble = session.trouble();
        session.cleanUp();
        List<RuleResult> results = new ArrayList<>();
        for (Rule<O> rule : rules) {
            Verdict verdict;
            try {
                verdict = rule.judge(seen);
            } catch (RuntimeException e) {
                verdict = Verdict.error("the rule could not judge what it saw: " + e);
            }
            if (verdict.status() == Status.FAIL) {
                verdict = verdict.withMoreEvidence(trouble);
            }
            results.add(new RuleResult(rule.info(), scenario.name(), verdict));
            run.events().progress("  " + verdict.status().shown() + "  " + rule.info().id()
                    + (rule.info().required() ? "" : " (advice)"));
        }
        return results;
    }

    private <O> List<RuleResult> all(Scenario<S, O> scenario, List<Rule<O>> rules, Verdict verdict) {
        List<RuleResult> results = new ArrayList<>();
        for (Rule<O> rule : rules) {
            results.add(new RuleResult(rule.info(), scenario.name(), verdict));
            run.events().progress("  " + verdict.status().shown() + "  " + rule.info().id());
        }
        return results;
    }
}
