package chatlab.protocol.v2;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every error the server reports on the v2 wire: a stable code for programs and a sentence for people. A fatal
 * error is always sent before the server closes the connection.
 */
public enum ErrorCode {
    BAD_FRAME("bad_frame", false, "the line is not a JSON object with a string field \"type\""),
    TOO_LONG("too_long", false, "the line is longer than the limit and was discarded"),
    ENDLESS_LINE("endless_line", true, "a line went on past the discard limit without a newline"),
    MESSAGE_TOO_LONG("message_too_long", false, "the text is longer than the limit and was not relayed"),
    UNKNOWN_TYPE("unknown_type", false, "the message type is not known"),
    BAD_FIELD("bad_field", false, "a field is missing or has the wrong type"),
    UNSUPPORTED_VERSION("unsupported_version", true, "the protocol version is not supported"),
    NOT_REGISTERED("not_registered", false, "send hello first"),
    ALREADY_REGISTERED("already_registered", false, "hello was already accepted on this connection"),
    NAME_INVALID("name_invalid", true, "the name breaks a rule"),
    NAME_TAKEN("name_taken", true, "the name is taken"),
    UNKNOWN_USER("unknown_user", false, "no user has that name"),
    RATE_LIMITED("rate_limited", false, "too many messages; this one was not relayed"),
    RATE_ABUSE("rate_abuse", true, "too many messages over the rate limit"),
    REGISTRATION_TIMEOUT("registration_timeout", true, "no hello within the registration timeout"),
    IDLE_TIMEOUT("idle_timeout", true, "nothing received within the idle timeout"),
    SERVER_FULL("server_full", true, "the server has no room for more connections"),
    TOO_MANY_FROM_ADDRESS("too_many_from_address", true, "too many connections from this address"),
    ROOM_FULL("room_full", true, "the room has reached its user limit"),
    AUTH_REQUIRED("auth_required", true, "the name needs a password"),
    LOGIN_FAILED("login_failed", true, "the login failed"),
    LOGIN_BUSY("login_busy", true, "too many logins are under way; the password was not checked; try again shortly"),
    TLS_REQUIRED("tls_required", true, "the server accepts v2 logins only over TLS"),
    FEATURE_REQUIRED("feature_required", false, "the message needs a feature the hello did not list"),
    ROOM_NAME_INVALID("room_name_invalid", false, "the room name breaks a rule"),
    NOT_IN_ROOM("not_in_room", false, "you are not in that room"),
    TOO_MANY_ROOMS("too_many_rooms", false, "you are in as many rooms as one client may be"),
    ROOMS_FULL("rooms_full", false, "the server has as many rooms as it may, and none is empty"),
    TOPIC_INVALID("topic_invalid", false, "the topic is too long or holds a control character, and was not set"),
    HISTORY_OFF("history_off", false, "the server keeps no history"),
    NOT_STORED("not_stored", false,
            "the message log could not store the message, so it was neither relayed nor acknowledged; send it again later"),
    CLUSTER_UNAVAILABLE("cluster_unavailable", false,
            "the cluster's message broker is unreachable; the message was not relayed"),
    SHUTDOWN("shutdown", true, "the server is shutting down"),
    REPLACED("replaced", true, "a new connection of this client (the same session) took over its name"),
    INTERNAL("internal", true, "the server failed; this is a bug");

    private static final Map<String, ErrorCode> BY_CODE = new HashMap<>();

    static {
        for (ErrorCode code : values()) {
            if (BY_CODE.put(code.code, code) != null) {
                throw new ExceptionInInitializerError("duplicate error code " + code.code);
            }
        }
    }

    private final String code;
    private final boolean fatal;
    private final String sentence;

    ErrorCode(String code, boolean fatal, String sentence) {
        this.code = code;
        this.fatal = fatal;
        this.sentence = sentence;
    }

    public String code() {
        return code;
    }

    /** Whether the server closes the connection after sending this error. */
    public boolean fatal() {
        return fatal;
    }

    /** The general sentence; an error on the wire may carry a more specific one. */
    public String sentence() {
        return sentence;
    }

    public static Optional<ErrorCode> ofCode(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
