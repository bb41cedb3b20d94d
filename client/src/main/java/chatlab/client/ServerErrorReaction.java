package chatlab.client;

import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.ServerMessage;

/**
 * What the session does with a server's {@code error}, decided from the error alone and whether the session was
 * welcomed before (docs/PROTOCOL.md, *Errors*). {@link V2ClientSession} carries it out.
 */
enum ServerErrorReaction {
    /** Too fast for the server: keep the message and send it again once the rate allows. */
    PACE,
    /** The log could not store it: {@link StoreRetries} sends it again later. */
    STORE_AGAIN,
    /** Refused, the session goes on: settle the message it names (if any) and show the sentence. */
    REFUSED,
    /** Coming back (perhaps to another server of a cluster) while the server lost still holds the name: try again. */
    NAME_STILL_HELD,
    /** The name needs a password: ask for it. */
    ASK_PASSWORD,
    /** The server goes away or is busy for now (shutdown, idle, logins under way): the reconnector comes back. */
    COMES_BACK,
    /** The password was wrong: the session ends. */
    LOGIN_FAILED,
    /** Any other fatal error: the session ends. */
    END;

    static ServerErrorReaction of(ServerMessage.Error error, boolean welcomedBefore) {
        ErrorCode code = error.code();
        if (code == ErrorCode.RATE_LIMITED && error.ref() != null) {
            return PACE;
        }
        if (code == ErrorCode.NOT_STORED && error.ref() != null) {
            return STORE_AGAIN;
        }
        if (!error.fatal()) {
            return REFUSED;
        }
        if (code == ErrorCode.NAME_TAKEN && welcomedBefore) {
            return NAME_STILL_HELD;
        }
        if (code == ErrorCode.AUTH_REQUIRED) {
            return ASK_PASSWORD;
        }
        // Busy is not a refusal: the password was not checked (too many logins under way), so try again later.
        if (code == ErrorCode.SHUTDOWN || code == ErrorCode.IDLE_TIMEOUT || code == ErrorCode.LOGIN_BUSY) {
            return COMES_BACK;
        }
        return code == ErrorCode.LOGIN_FAILED ? LOGIN_FAILED : END;
    }
}
