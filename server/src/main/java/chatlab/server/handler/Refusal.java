package chatlab.server.handler;

import chatlab.protocol.v2.ErrorCode;
import java.time.Duration;
import java.util.Locale;

/**
 * Something the server will not accept from a client, said once for both wires.
 *
 * @param code      the v2 error code (fatal codes close the connection)
 * @param notice    the sentence sent to the client (a lab client sees it as {@code server: NOTICE })
 * @param logReason the same, shorter, for the server's log and the disconnect reason
 * @param ref       the id of the v2 message it is about, or null
 * @param room      the room the refused request named (v2 clients with rooms), or null
 */
public record Refusal(ErrorCode code, String notice, String logReason, String ref, String room) {
    public Refusal(ErrorCode code, String notice, String logReason, String ref) {
        this(code, notice, logReason, ref, null);
    }

    public Refusal withRef(String value) {
        return new Refusal(code, notice, logReason, value, room);
    }

    public Refusal withRoom(String value) {
        return new Refusal(code, notice, logReason, ref, value);
    }

    public static Refusal of(ErrorCode code, String notice) {
        return new Refusal(code, notice, notice, null);
    }

    public static Refusal invalidName(String problem) {
        return new Refusal(ErrorCode.NAME_INVALID, Notices.invalidName(problem), "invalid name: " + problem, null);
    }

    public static Refusal nameTaken(String name) {
        return new Refusal(ErrorCode.NAME_TAKEN, Notices.nameTaken(name), "name \"" + name + "\" was taken", null);
    }

    public static Refusal nameReadsLike(String name, String member) {
        return new Refusal(ErrorCode.NAME_TAKEN, Notices.nameReadsLike(name, member),
                "name \"" + name + "\" reads the same as \"" + member + "\", who is in the room", null);
    }

    public static Refusal roomFull(int limit) {
        return new Refusal(ErrorCode.ROOM_FULL, Notices.roomFull(limit), "room full", null);
    }

    static Refusal nameNotUtf8() {
        return new Refusal(ErrorCode.NAME_INVALID, Notices.nameNotUtf8(), "name is not valid UTF-8", null);
    }

    static Refusal nameTooLong(int maxNameChars) {
        return new Refusal(ErrorCode.NAME_INVALID, Notices.nameTooLong(maxNameChars),
                "invalid name: longer than " + maxNameChars + " characters", null);
    }

    static Refusal registrationTimeout(Duration timeout) {
        return new Refusal(ErrorCode.REGISTRATION_TIMEOUT, Notices.registrationTimeout(timeout),
                "no name within " + Notices.human(timeout), null);
    }

    static Refusal helloTimeout(Duration timeout) {
        return new Refusal(ErrorCode.REGISTRATION_TIMEOUT, Notices.helloTimeout(timeout),
                "no hello within " + Notices.human(timeout), null);
    }

    static Refusal messageNotUtf8(int bytes) {
        return new Refusal(ErrorCode.BAD_FRAME, Notices.messageNotUtf8(bytes),
                "message of " + bytes + " bytes is not valid UTF-8", null);
    }

    static Refusal messageTooLong(long bytes, int limit) {
        return new Refusal(ErrorCode.MESSAGE_TOO_LONG, Notices.messageTooLong(bytes, limit),
                "message of " + bytes + " bytes is over " + limit, null);
    }

    static Refusal lineTooLong(int limit, long pauseMillis) {
        return new Refusal(ErrorCode.MESSAGE_TOO_LONG, Notices.lineTooLong(limit, pauseMillis),
                "line over " + limit + " bytes", null);
    }

    static Refusal v2LineTooLong(int limit) {
        return Refusal.of(ErrorCode.TOO_LONG, Notices.v2LineTooLong(limit));
    }

    static Refusal endlessLine(long discardedBytes, long limit) {
        return new Refusal(ErrorCode.ENDLESS_LINE, Notices.endlessLine(limit),
                "sent " + discardedBytes + " bytes without a newline (limit " + limit + ")", null);
    }

    static Refusal text(chatlab.protocol.TextRules.Problem problem) {
        if (problem instanceof chatlab.protocol.TextRules.Problem.ControlCharacter control) {
            return new Refusal(ErrorCode.BAD_FIELD, Notices.controlCharacter(control.codePoint()),
                    String.format(Locale.ROOT, "message with control character U+%04X", control.codePoint()),
                    null);
        }
        return new Refusal(ErrorCode.BAD_FIELD, Notices.mapMarker(), "message with a map marker (\"!{\")", null);
    }

    static Refusal rateLimited(double perSecond, int burst) {
        return new Refusal(ErrorCode.RATE_LIMITED, Notices.rateLimited(perSecond, burst), "rate limited", null);
    }

    static Refusal rateAbuse(int refused) {
        return new Refusal(ErrorCode.RATE_ABUSE, Notices.rateAbuse(refused), refused + " messages in a row refused", null);
    }

    public static Refusal serverFull(int limit) {
        return new Refusal(ErrorCode.SERVER_FULL, Notices.serverFull(limit), "server full", null);
    }

    public static Refusal tooManyFromAddress(int limit) {
        return new Refusal(ErrorCode.TOO_MANY_FROM_ADDRESS, Notices.tooManyFromAddress(limit),
                "over " + limit + " connections from one address", null);
    }

    public static Refusal tooManyPendingFromAddress(int limit) {
        return new Refusal(ErrorCode.TOO_MANY_FROM_ADDRESS, Notices.tooManyPendingFromAddress(limit),
                "over " + limit + " unregistered connections from one address", null);
    }

    public static Refusal tooManyUsersFromAddress(int limit) {
        return new Refusal(ErrorCode.TOO_MANY_FROM_ADDRESS, Notices.tooManyUsersFromAddress(limit),
                "over " + limit + " users from one address", null);
    }

    public static Refusal reservedForNewAddresses(int maxConnections, int reserve) {
        return new Refusal(ErrorCode.SERVER_FULL, Notices.reservedForNewAddresses(maxConnections, reserve),
                "server full for addresses that have connections (the last " + reserve + " are kept for new ones)",
                null);
    }

    static Refusal loginFailed(String reason) {
        return new Refusal(ErrorCode.LOGIN_FAILED, Notices.loginFailed(), "login failed: " + reason, null);
    }

    /** A login not checked because too many are under way: never "login failed", and not counted as a failure. */
    static Refusal loginBusy(chatlab.auth.Authenticator.Outcome outcome, int perAddressLimit) {
        String notice = outcome.verdict() == chatlab.auth.Authenticator.Outcome.Verdict.ADDRESS_BUSY
                ? Notices.loginBusyFromAddress(perAddressLimit) : Notices.loginBusy();
        return new Refusal(ErrorCode.LOGIN_BUSY, notice, "login not checked: " + outcome.reason(), null);
    }

    public static Refusal featureRequired(String what) {
        return Refusal.of(ErrorCode.FEATURE_REQUIRED, Notices.roomsFeatureRequired(what));
    }

    public static Refusal roomNameInvalid(String name, String problem) {
        return new Refusal(ErrorCode.ROOM_NAME_INVALID, Notices.roomNameInvalid(name, problem),
                "invalid room name: " + problem, null, name);
    }

    public static Refusal notInRoom(String room) {
        return new Refusal(ErrorCode.NOT_IN_ROOM, Notices.notInRoom(room), "not in " + room, null, room);
    }

    public static Refusal tooManyRooms(String room, int limit) {
        return new Refusal(ErrorCode.TOO_MANY_ROOMS, Notices.tooManyRooms(room, limit),
                "over " + limit + " rooms for one client", null, room);
    }

    public static Refusal roomsFull(String room, int limit) {
        return new Refusal(ErrorCode.ROOMS_FULL, Notices.roomsFull(room, limit), "server has " + limit + " rooms",
                null, room);
    }

    public static Refusal topicTooLong(String room, int chars, int limit) {
        return new Refusal(ErrorCode.TOPIC_INVALID, Notices.topicTooLong(chars, limit),
                "topic of " + chars + " characters is over " + limit, null, room);
    }

    public static Refusal topicControlCharacter(String room, int codePoint) {
        return new Refusal(ErrorCode.TOPIC_INVALID, Notices.topicControlCharacter(codePoint),
                String.format(Locale.ROOT, "topic with control character U+%04X", codePoint), null, room);
    }

    /** The log could not store a message: it was neither relayed nor acknowledged (the caller adds its id). */
    public static Refusal notStored(String room, String reason) {
        return new Refusal(ErrorCode.NOT_STORED, Notices.notStored(reason), "message not stored: " + reason, null,
                room);
    }

    /** A history request, a search or the history sent on joining could not be read from the log. */
    public static Refusal historyNotRead(String room, String reason) {
        return new Refusal(ErrorCode.HISTORY_OFF, Notices.historyNotRead(reason), "history not read: " + reason, null,
                room);
    }

    /** A history request or a search to a server without history (or with search off). */
    public static Refusal historyOff(String room, String what) {
        return new Refusal(ErrorCode.HISTORY_OFF, Notices.historyOff(what), "no history: " + what, null, room);
    }

    /** A search that cannot be run: no word, too many, too long. */
    public static Refusal badSearch(String room, String problem) {
        return new Refusal(ErrorCode.BAD_FIELD, Notices.badSearch(problem), "bad search: " + problem, null, room);
    }

    /** A ghost's end: the same client came back on a new connection (its hello's session) and took the name. */
    public static Refusal replaced(String name) {
        return new Refusal(ErrorCode.REPLACED, Notices.replaced(name),
                "replaced by a new connection of the same session as \"" + name + "\"", null);
    }

    public static Refusal shuttingDown() {
        return new Refusal(ErrorCode.SHUTDOWN, Notices.shuttingDown(), "the server shut down", null);
    }
}
