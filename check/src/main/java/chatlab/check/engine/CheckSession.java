package chatlab.check.engine;

import chatlab.check.Evidence;
import java.util.List;
import java.util.Optional;

/** What a scenario runner needs from the program's side of a check, around each scenario. */
public interface CheckSession {
    /**
     * Gets ready for the next scenario (restarts a program that died). Returns the reason it cannot, which then is
     * every rule of that scenario's evidence.
     */
    Optional<String> prepare(String scenario) throws InterruptedException;

    /** After a scenario: closes its peers and stops its helper programs. */
    void cleanUp();

    /** Evidence about the program under test that matters to every failure of the scenario just played. */
    List<Evidence> trouble();
}
