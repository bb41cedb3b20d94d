package chatlab.client;

import io.netty.channel.ConnectTimeoutException;
import java.net.NoRouteToHostException;
import java.time.Duration;
import java.util.Locale;

/** The client's sentences about connecting, reconnecting, logging in and what was (not) delivered, in one place. */
public final class ClientTexts {
    /** The short reason for a port nobody listens on. */
    public static final String REFUSED = "connection refused";
    /** Why something read was not delivered when the session ended before the input did. */
    public static final String CONNECTION_ENDED = "the connection to the server ended";
    /** Longest piece of a stranger's answer quoted in one of our lines. */
    static final int QUOTE_CHARS = 60;

    private ClientTexts() {}

    /** Why one address did not take the connection, in a few words and without the address itself. */
    static String connectFailure(Throwable cause, Duration timeout) {
        if (cause instanceof ConnectTimeoutException) {
            return "timed out after " + human(timeout);
        }
        if (cause instanceof NoRouteToHostException) {
            return "no route to host";
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        // Netty appends the address ("Connection refused: localhost/127.0.0.1:5001"): the sentence names it already.
        int colon = message.indexOf(": ");
        String reason = (colon > 0 ? message.substring(0, colon) : message).toLowerCase(Locale.ROOT);
        return SafeText.firstLine(reason, QUOTE_CHARS);
    }

    /** {@code cannot connect to localhost port 5001 (connection refused); is chatlab server running there?} */
    static String cannotConnect(String host, int port, String reason, boolean refused) {
        return "cannot connect to " + host + " port " + port + " (" + reason + ")"
                + (refused ? "; is chatlab server running there?" : "");
    }

    /** The first line after losing the server. */
    static String lostServer(String reason, Duration wait) {
        return "lost the server (" + lowerFirst(SafeText.firstLine(reason, QUOTE_CHARS)) + "); trying again in "
                + seconds(wait);
    }

    /** An exception's "Connection reset" reads as a clause inside our sentence: "connection reset". */
    private static String lowerFirst(String text) {
        return text.length() > 1 && Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1))
                ? Character.toLowerCase(text.charAt(0)) + text.substring(1) : text;
    }

    /** One line per failed attempt to reach it again. */
    /** Coming back, the name is still held (the server lost, or a server of its cluster, has not let go of it yet). */
    static String nameStillHeld(String serverSays) {
        return "the server says: " + SafeText.firstLine(serverSays, QUOTE_CHARS)
                + " (the server lost may still hold the name); trying again";
    }

    static String stillNoServer(String reason, int attempt, Duration wait) {
        return "attempt " + attempt + ": " + SafeText.firstLine(reason, QUOTE_CHARS) + "; trying again in " + seconds(wait);
    }

    /**
     * A v2 client's server answered with something other than v2: a lab server answers the hello (its idea of a
     * name) with a user map, a web server with a status line.
     */
    static String notV2(String host, int port, String sent) {
        return sent.startsWith("!") ? labServer(host, port, sent)
                : isWeb(sent) ? webServer(host, port, sent)
                : notChatlab(host, port, sent);
    }

    /** A status line, or (from a server that takes our hello for an HTTP/0.9 request) an HTML error page. */
    private static boolean isWeb(String sent) {
        String start = sent.stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("http/") || start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    private static String labServer(String host, int port, String sent) {
        return "the server at " + host + " port " + port + " speaks the lab wire (it sent \""
                + SafeText.firstLine(sent, QUOTE_CHARS) + "\"); run the client with --wire lab";
    }

    private static String webServer(String host, int port, String sent) {
        return host + " port " + port + " is not a chat server: it answered \"" + SafeText.firstLine(sent, QUOTE_CHARS)
                + "\" (a web server); check --server and --port";
    }

    private static String notChatlab(String host, int port, String sent) {
        return host + " port " + port + " is not a chatlab server: it answered \"" + SafeText.firstLine(sent, QUOTE_CHARS)
                + "\"; check --server and --port (for a lab chat server, run the client with --wire lab)";
    }

    /**
     * The server wants a password for {@code name} and none can be asked for here. Under {@code --auth required} the
     * server answers every name alike (so nobody can probe which names have accounts), so this covers both: a name
     * with an account and a name without one.
     */
    public static String passwordNeeded(String name) {
        return "this server wants a password for " + name + " (it may admit registered users only): if " + name
                + " is your account, give its password with --password-stdin (a terminal asks for it); otherwise "
                + "choose another name, or ask the server's operator to create the account with: chatlab users add "
                + name;
    }

    /** The login failed; a wrong password and no such account look the same from here, on purpose. */
    public static String loginFailed(String name) {
        return "the login as " + name + " failed: a wrong password, or no account named " + name
                + " on this server (its operator adds one with: chatlab users add " + name + ")";
    }

    /** At the end of input, the server is away and messages still wait for it. */
    static String drainWaiting(int messages, Duration timeout) {
        return "input ended; waiting up to " + human(timeout) + " (--drain-timeout) for the server to take "
                + messages + (messages == 1 ? " message" : " messages");
    }

    /** What was read but never delivered. */
    public static String undelivered(int messages, String why) {
        return messages + (messages == 1 ? " message was" : " messages were") + " not delivered: " + why;
    }

    /** Why: the drain ran out of time. */
    public static String drainTimedOut(Duration timeout) {
        return "the server did not acknowledge them within " + human(timeout) + " (--drain-timeout)";
    }

    /** Lines the client or the server refused, counted at the end of a script's input. */
    public static String refusedLines(int lines) {
        return lines + (lines == 1 ? " input line was" : " input lines were") + " refused (see above)";
    }

    /** Lab wire: input ended before the server sent its first user map. */
    public static String inputEndedBeforeName() {
        return "input ended before the server accepted the name";
    }

    private static String seconds(Duration wait) {
        return String.format(Locale.ROOT, "%.1f s", wait.toMillis() / 1000.0);
    }

    static String human(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + " ms";
        }
        long seconds = millis / 1000;
        return seconds % 60 == 0 && seconds > 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
