package chatlab.check.engine;

/** A scenario with its name and story given at construction; subclasses list their rules and play. */
public abstract class ScenarioBase<S, O> implements Scenario<S, O> {
    private final String name;
    private final String story;

    protected ScenarioBase(String name, String story) {
        this.name = name;
        this.story = story;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String story() {
        return story;
    }
}
