package chatlab.auth;

/** A user-store operation that cannot be done: the sentence says why (no such user, the file is unreadable...). */
public final class UserStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public UserStoreException(String message) {
        super(message);
    }

    public UserStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
