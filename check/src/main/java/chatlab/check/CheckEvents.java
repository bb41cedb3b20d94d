package chatlab.check;

/** What a check reports while it runs; the app prints it, tests record it. Thread-safe and quick. */
public interface CheckEvents {
    CheckEvents NONE = new CheckEvents() {};

    /** A step of the run ("scenario relay: 3 clients"). */
    default void progress(String line) {}

    /** Something went wrong around the program (a clean-up step failed), not a rule's verdict. */
    default void warning(String line) {}
}
