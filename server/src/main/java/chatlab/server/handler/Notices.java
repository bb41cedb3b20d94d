package chatlab.server.handler;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Every sentence the server sends a client, in one place: to a lab-wire client as {@code server: TEXT }, to a v2
 * client as an error's {@code message} (the rooms' sentences go to v2 clients only: lab clients are in the default room
 * and cannot ask for another).
 */
public final class Notices {
    private Notices() {}

    public static String invalidName(String problem) {
        return "cannot register: " + problem + "; reconnect with another name";
    }

    public static String nameTaken(String name) {
        return "cannot register: the name \"" + name + "\" is taken; reconnect with another name";
    }

    public static String nameReadsLike(String name, String member) {
        return "cannot register: the name \"" + name + "\" reads the same as \"" + member
                + "\", who is in the room; reconnect with another name";
    }

    public static String nameNotUtf8() {
        return "cannot register: the name is not valid UTF-8";
    }

    /** A first message too long to be a name: the name limit applies to it, counted as the name rules count. */
    public static String nameTooLong(int maxNameChars) {
        return invalidName("the name is longer than the limit of " + maxNameChars + " characters");
    }

    public static String registrationTimeout(Duration timeout) {
        return "no name received within " + human(timeout) + "; closing the connection";
    }

    /** 60 s, 1500 ms: seconds when whole, milliseconds otherwise. */
    public static String human(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    public static String messageNotUtf8(int bytes) {
        return "your message (" + bytes + " bytes) is not valid UTF-8 and was not relayed";
    }

    public static String messageTooLong(long bytes, int limit) {
        return "your message of " + bytes + " bytes is over the limit of " + limit + " bytes and was not relayed";
    }

    /** In line mode, told as soon as the line passes the limit, not when (or if) its newline comes. */
    public static String lineTooLong(int limit, long pauseMillis) {
        return "your message is over the limit of " + limit + " bytes and was not relayed; the rest of the line is "
                + "discarded up to its newline (or a pause of " + pauseMillis + " ms)";
    }

    /** v2: a line over the line limit. */
    public static String v2LineTooLong(int limit) {
        return "the line is longer than " + limit + " bytes and was discarded";
    }

    public static String endlessLine(long limit) {
        return "you sent more than " + limit + " bytes without a newline; closing the connection";
    }

    /** Control characters: a lab client prints them raw, so CR or ESC could erase a line and forge another. */
    public static String controlCharacter(int codePoint) {
        return String.format(Locale.ROOT, "your message contains the control character U+%04X and was not "
                + "relayed; control characters (line breaks included) are not allowed, so send one message per line",
                codePoint);
    }

    /** The lab client takes a read that starts with "!" for its list of users. */
    public static String mapMarker() {
        return "your message contains \"!\" followed by \"{\", which the lab's client could take for its list "
                + "of users, and was not relayed";
    }

    public static String serverFull(int limit) {
        return "the server is full (" + limit + " connections); try again later";
    }

    public static String rateLimited(double perSecond, int burst) {
        return "you are sending too fast (limit " + trim(perSecond) + " messages per second, bursts of " + burst
                + "); this message was not relayed";
    }

    public static String rateAbuse(int refused) {
        return refused + " messages in a row were refused; closing the connection";
    }

    public static String helloTimeout(Duration timeout) {
        return "no hello received within " + human(timeout) + "; closing the connection";
    }

    public static String roomFull(int limit) {
        return "cannot register: the room is full (" + limit + " users); try again later";
    }

    public static String tooManyFromAddress(int limit) {
        return "too many connections from your address (limit " + limit + "); closing this one";
    }

    public static String tooManyPendingFromAddress(int limit) {
        return "too many connections from your address have not registered yet (limit " + limit
                + "); closing this one";
    }

    /** A message said here that the cluster did not hand back in time (docs/CLUSTER.md, *Limits and defaults*). */
    public static String clusterNoReturn(Duration timeout) {
        return "the cluster did not hand the message back within " + timeout.toMillis()
                + " ms: it may or may not reach the room";
    }

    /** Too many messages said here wait to come back from the cluster. */
    public static String clusterTooManyPending(int limit) {
        return "too many messages (" + limit + ") are waiting for the cluster: message not relayed";
    }

    public static String tooManyUsersFromAddress(int limit) {
        return "cannot register: your address already has " + limit + " users in the room (the limit per address); "
                + "closing the connection";
    }

    public static String reservedForNewAddresses(int maxConnections, int reserve) {
        return "the server is nearly full (" + maxConnections + " connections; the last " + reserve
                + " are kept for addresses that have none); try again later";
    }

    public static String unsupportedVersion(long asked, int supported) {
        return "this server speaks chatlab wire version " + supported + "; the client asked for version " + asked;
    }

    public static String unknownUser(String name) {
        return "no user named \"" + name + "\" is in the room";
    }

    public static String idleTimeout(Duration timeout) {
        return "nothing received within " + human(timeout) + "; closing the connection";
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /**
     * The same for every name (registered or not) and without it: the first message may hold a password typed
     * ahead, and a prompt that depended on the name would tell registered names apart. (chatlab's lab-wire client
     * knows the prompt by its beginning, "password for ".)
     */
    public static String passwordPrompt() {
        return "password for the name you sent? Type it and press Enter (the lab wire sends it in clear text)";
    }

    public static String sendNameAlone() {
        return "cannot register: send your name alone, then your password when the server asks for it";
    }

    public static String loginFailed() {
        return "login failed; closing the connection";
    }

    public static String loginBusy() {
        return "the server is busy checking other logins; your password was not checked; try again in a few seconds";
    }

    public static String loginBusyFromAddress(int limit) {
        return "too many logins from your address are under way (limit " + limit
                + "); your password was not checked; try again in a few seconds";
    }

    public static String authRequired(String name, boolean everyone) {
        return everyone ? "this server lets only registered users in; log in with your password"
                : "the name \"" + name + "\" is registered; log in with its password";
    }

    public static String tlsRequired() {
        return "this server accepts v2 logins only over TLS; connect with --tls";
    }

    /** The reason a room's other members are told when a member leaves it (its presence {@code left} entry). */
    public static final String PARTED = "parted";

    public static String roomsFeatureRequired(String what) {
        return what + " needs the feature \"rooms\" in your hello";
    }

    public static String roomNameInvalid(String name, String problem) {
        return "cannot join \"" + name + "\": " + problem;
    }

    /**
     * The log could not store a message (a full disk, a log behind): the sender keeps it and sends it again. The
     * log's reason ends with "message not stored".
     */
    public static String notStored(String reason) {
        return reason + "; it was not relayed; send it again later";
    }

    public static String historyNotRead(String reason) {
        return "history not sent: " + reason;
    }

    /** What a server without history (or with search off) answers a history request or a search. */
    public static String historyOff(String what) {
        return "this server keeps no history" + (what.equals("search") ? " search" : "")
                + " (it runs with --history" + (what.equals("search") ? "-search" : "") + " off)";
    }

    public static String badSearch(String problem) {
        return "cannot search: " + problem;
    }

    public static String notInRoom(String room) {
        return "you are not in " + room + "; join it first";
    }

    public static String tooManyRooms(String room, int limit) {
        return "cannot join " + room + ": you are in " + limit + " rooms, the most one client may be in; part one first";
    }

    public static String roomsFull(String room, int limit) {
        return "cannot make " + room + ": the server has " + limit + " rooms, the most it may have, and none of "
                + "them is empty; join an existing room";
    }

    public static String topicTooLong(int chars, int limit) {
        return "the topic has " + chars + " characters, over the limit of " + limit + ", and was not set";
    }

    public static String topicControlCharacter(int codePoint) {
        return String.format(Locale.ROOT, "the topic contains the control character U+%04X and was not set",
                codePoint);
    }

    /**
     * To lab clients, about users in a web browser (a page has no UDP): an {@code @name:} datagram to them is lost,
     * and the server cannot see it to say so then. At most ten names, then how many more.
     */
    public static String noDirectMessages(List<String> names) {
        int shown = Math.min(names.size(), 10);
        String list = String.join(", ", names.subList(0, shown))
                + (names.size() > shown ? " and " + (names.size() - shown) + " more" : "");
        return names.size() == 1
                ? list + " is in a web browser and takes no direct messages: an @" + names.get(0)
                        + ": message from your client is lost; write in the room instead"
                : list + " are in web browsers and take no direct messages: @NAME: messages to them from your client "
                        + "are lost; write in the room instead";
    }

    public static String shuttingDown() {
        return "the server is shutting down; goodbye";
    }

    public static String replaced(String name) {
        return "a new connection of yours (the same session) is " + name + " now; this one is closed";
    }
}
