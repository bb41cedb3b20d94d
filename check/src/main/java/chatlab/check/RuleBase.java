package chatlab.check;

/** A rule that knows what it is from the start: subclasses give their {@link RuleInfo} and judge. */
public abstract class RuleBase<O> implements Rule<O> {
    private final RuleInfo info;

    protected RuleBase(RuleInfo info) {
        this.info = info;
    }

    @Override
    public final RuleInfo info() {
        return info;
    }
}
