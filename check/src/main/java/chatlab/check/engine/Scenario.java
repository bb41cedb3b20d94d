package chatlab.check.engine;

import chatlab.check.Rule;
import java.util.List;

/**
 * One scenario: plays a story with the program under test through a session {@code S} and returns what it saw,
 * an observation record {@code O} that its rules judge. A scenario asserts nothing itself: it records, with every
 * wait bounded, and the rules decide.
 */
public interface Scenario<S, O> {
    /** A short name for progress lines and the report ("relay"). */
    String name();

    /** One sentence: what happens in it. */
    String story();

    List<Rule<O>> rules();

    O play(S session) throws Exception;

    /**
     * Whether the captures go on during this scenario. One that moves megabytes of filler says no, and comes last:
     * the captures end before it, and the report's files stay small.
     */
    default boolean captured() {
        return true;
    }
}
