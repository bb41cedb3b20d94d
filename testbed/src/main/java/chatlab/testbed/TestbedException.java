package chatlab.testbed;

/** Something the person running the testbed can act on: the message is one sentence, without a stack trace. */
public final class TestbedException extends Exception {
    private static final long serialVersionUID = 1L;

    public TestbedException(String message) {
        super(message);
    }

    public TestbedException(String message, Throwable cause) {
        super(message, cause);
    }
}
