package chatlab.auth;

/** A SCRAM message that breaks the grammar of RFC 5802 section 7, or a proof that does not match. */
public final class ScramException extends Exception {
    private static final long serialVersionUID = 1L;

    public ScramException(String message) {
        super(message);
    }
}
