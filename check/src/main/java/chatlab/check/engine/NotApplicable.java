package chatlab.check.engine;

/** Thrown by a scenario that cannot be played here, through no fault of the program (python3 is missing, say). */
public final class NotApplicable extends Exception {
    private static final long serialVersionUID = 1L;

    public NotApplicable(String message) {
        super(message);
    }
}
