package chatlab.testbed;

/** A run of the testbed, of either kind: the lab's scenarios ({@link LabRun}) or the cluster's ({@link ClusterRun}). */
public interface TestbedRun {
    /** Runs it; problems during the run are in the result, only problems that stop it from starting are thrown. */
    RunResult run() throws TestbedException;

    /** Stops everything the run started and removes what it added; safe from a shutdown hook, any number of times. */
    void cleanUp();
}
