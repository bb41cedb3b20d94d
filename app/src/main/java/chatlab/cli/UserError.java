package chatlab.cli;

/** A problem the user can fix (bad address, port in use, missing file): printed as one line, no stack trace. */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit code for a problem with the environment or input rather than the command line itself. */
    public static final int EXIT_USER_ERROR = 3;

    private final int exitCode;

    public UserError(String message) {
        this(message, EXIT_USER_ERROR);
    }

    public UserError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
