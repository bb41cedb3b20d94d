package chatlab.check;

/**
 * One rule: judges what a scenario saw ({@code O}, the scenario's observation record) and says why, in a
 * student's terms. Rules never touch the network or the program; scenarios do that and record what they saw.
 */
public interface Rule<O> {
    RuleInfo info();

    Verdict judge(O seen);
}
