package chatlab.check.engine;

/** The program under test could not be started (it exited at once, or never listened): the words say which. */
public final class StartProblem extends Exception {
    private static final long serialVersionUID = 1L;

    public StartProblem(String message) {
        super(message);
    }
}
