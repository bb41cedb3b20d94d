package chatlab.testbed;

/** What the testbed is doing, for a person watching; the default ignores everything. */
public interface TestbedEvents {
    TestbedEvents NONE = new TestbedEvents() {};

    /** One line of progress, such as "client1: alice joins". */
    default void progress(String line) {}

    /** Something went wrong but the testbed carries on (it is also in the run's summary). */
    default void warning(String line) {}
}
