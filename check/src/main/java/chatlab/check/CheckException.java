package chatlab.check;

/** The check cannot run at all (no root, a missing tool, a program that is not there): one line for the user. */
public final class CheckException extends Exception {
    private static final long serialVersionUID = 1L;

    public CheckException(String message) {
        super(message);
    }

    public CheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
