package chatlab.check.engine;

import chatlab.check.RuleResult;
import chatlab.check.proc.ProgramProcess;
import java.util.List;

/** What one check played: the verdicts, and every program it ran (each start of the one under test, the helpers). */
public record Played(List<RuleResult> results, List<ProgramProcess> programs) {}
