package chatlab.server.handler;

/**
 * Something the server will not accept from a client.
 *
 * @param notice    the sentence sent to the client
 * @param logReason the same, shorter, for the server's log and the disconnect reason
 */
public record Refusal(String notice, String logReason) {
    static Refusal invalidName(String problem) {
        return new Refusal(Notices.invalidName(problem), "invalid name: " + problem);
    }

    static Refusal nameNotUtf8() {
        return new Refusal(Notices.nameNotUtf8(), "name is not valid UTF-8");
    }

    static Refusal nameTooLong(long bytes, int limit) {
        return new Refusal(Notices.nameTooLong(bytes, limit), "name of " + bytes + " bytes is over the limit");
    }

    static Refusal registrationTimeout(java.time.Duration timeout) {
        return new Refusal(Notices.registrationTimeout(timeout), "no name within " + Notices.human(timeout));
    }

    static Refusal messageNotUtf8(int bytes) {
        return new Refusal(Notices.messageNotUtf8(bytes), "message of " + bytes + " bytes is not valid UTF-8");
    }

    static Refusal messageTooLong(long bytes, int limit) {
        return new Refusal(Notices.messageTooLong(bytes, limit), "message of " + bytes + " bytes is over " + limit);
    }
}
