package chatlab.wire;

/**
 * The field names of v2 messages (docs/PROTOCOL.md), written by the protocol's encoders and read by its decoders and
 * by the capture analyzer.
 */
public final class V2Fields {
    /** Every message: its tag ({@link V2Tags}). */
    public static final String TYPE = "type";

    // identity and text
    public static final String ID = "id";
    public static final String TEXT = "text";
    public static final String NAME = "name";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String ACTION = "action";
    public static final String REF = "ref";
    public static final String SEQ = "seq";
    public static final String TIME = "time";
    public static final String DUPLICATE = "duplicate";
    public static final String TOKEN = "token";
    public static final String REASON = "reason";

    // hello and welcome
    public static final String VERSION = "version";
    public static final String CLIENT = "client";
    public static final String SERVER = "server";
    public static final String UDP_PORT = "udp_port";
    public static final String FEATURES = "features";
    public static final String RESUME = "resume";
    public static final String SESSION = "session";
    public static final String EPOCH = "epoch";
    public static final String ADDRESS = "address";
    public static final String LIMITS = "limits";
    public static final String USERS = "users";
    public static final String USERS_FOLLOW = "users_follow";

    // the limits a welcome announces
    public static final String MAX_LINE_BYTES = "max_line_bytes";
    public static final String MAX_MESSAGE_BYTES = "max_message_bytes";
    public static final String MAX_NAME_CHARS = "max_name_chars";
    public static final String MESSAGES_PER_SECOND = "messages_per_second";
    public static final String BURST_MESSAGES = "burst_messages";
    public static final String PING_INTERVAL_MS = "ping_interval_ms";
    public static final String IDLE_TIMEOUT_MS = "idle_timeout_ms";

    // presence: a user and the lists of those who came and went; a user's joined is its time
    public static final String USER = "user";
    public static final String JOINED = "joined";
    public static final String LEFT = "left";

    // rooms (clients that listed the feature "rooms"): a room's name, where to resume it, its topic, the list of rooms
    public static final String ROOM = "room";
    public static final String ROOMS = "rooms";
    public static final String SINCE = "since";
    public static final String TOPIC = "topic";
    public static final String TOPIC_BY = "topic_by";
    public static final String TOPIC_TIME = "topic_time";
    public static final String BY = "by";
    public static final String MEMBERS = "members";
    public static final String DEFAULT_ROOM = "default_room";

    // history
    /** A message from the room's log rather than said just now (a join's last messages, a page, a search result). */
    public static final String HISTORY = "history";
    /** A history or search request: the seq below which to look; absent or 0 for the newest. */
    public static final String BEFORE = "before";
    /** A history or search request: how many messages at most; the end of a page: how many were sent. */
    public static final String COUNT = "count";
    /** The end of a page: the log holds older messages (matching ones, for a search) below {@code before}. */
    public static final String MORE = "more";

    // errors
    public static final String CODE = "code";
    public static final String MESSAGE = "message";
    public static final String FATAL = "fatal";

    /** A deflated message's payload. */
    public static final String DATA = "data";

    // a SCRAM login (RFC 5802, RFC 7677)
    public static final String SCRAM = "scram";
    public static final String MECHANISM = "mechanism";
    public static final String SERVER_FIRST = "server_first";
    public static final String CLIENT_FINAL = "client_final";
    public static final String SCRAM_FINAL = "scram_final";
    public static final String SALT = "salt";
    public static final String ITERATIONS = "iterations";
    public static final String STORED_KEY = "stored_key";
    public static final String SERVER_KEY = "server_key";

    /** Which wire a user speaks: {@link #WIRE_LAB} or {@link #WIRE_V2}. */
    public static final String WIRE = "wire";
    public static final String WIRE_LAB = "lab";
    public static final String WIRE_V2 = "v2";

    private V2Fields() {}
}
