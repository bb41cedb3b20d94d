package chatlab.client.console;

import chatlab.client.ClientOutput;
import chatlab.client.SafeText;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Readable output: a time stamp on every line, joins and leaves spelled out, direct messages marked, and colours
 * unless turned off. Every line goes through {@link SafeText#escape}: control and format characters in anything a
 * peer or a server sent are shown escaped ({@code ^[}, {@code \u202e}), so nobody can move the cursor, recolour
 * another user's terminal or make text read backwards.
 *
 * <p>Our own chatroom messages are shown as the others see them ({@code 12:00:01 alice: hello}): on the v2 wire once
 * the server acknowledged them, marked {@value #ACKNOWLEDGED}; on the lab wire, which acknowledges nothing, when
 * they are written.
 */
public final class FriendlyOutput implements ClientOutput {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final AttributedStyle DIM = AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT + AttributedStyle.BLACK);
    private static final AttributedStyle NAME = AttributedStyle.BOLD.foreground(AttributedStyle.CYAN);
    private static final AttributedStyle DIRECT = AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);
    private static final AttributedStyle PRESENCE = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    private static final AttributedStyle PROBLEM = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
    private static final AttributedStyle WARNING = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    /** Appended to our own v2 messages once the server has taken them. */
    static final String ACKNOWLEDGED = " \u2713";

    static final String HELP = String.join("\n",
            "Type a message and press Enter to send it to the chatroom.",
            "  @NAME: TEXT   send TEXT directly to NAME over UDP (peer to peer)",
            "  /msg NAME TEXT  the same",
            "  /me TEXT      an action: * you TEXT",
            "  #ls, /names   list the users and their addresses",
            "  //TEXT        send a message that begins with '/'",
            "  /help         show this help",
            "  /quit         leave the chat (Ctrl-D does the same)");

    private final LineSink sink;
    private final boolean colour;
    private final Clock clock;

    public FriendlyOutput(LineSink sink, boolean colour, Clock clock) {
        this.sink = sink;
        this.colour = colour;
        this.clock = clock;
    }

    private AttributedStringBuilder stamped() {
        AttributedStringBuilder line = new AttributedStringBuilder();
        append(line, LocalTime.now(clock).format(TIME) + " ", DIM);
        return line;
    }

    private void append(AttributedStringBuilder line, String text, AttributedStyle style) {
        line.append(text, colour ? style : AttributedStyle.DEFAULT);
    }

    private void emit(AttributedStringBuilder line) {
        sink.line(line.toAttributedString());
    }

    @Override
    public void connected(String server, String name) {
        AttributedStringBuilder line = stamped();
        append(line, "connected to " + safe(server) + " as " + safe(name) + "; /help lists the commands", PRESENCE);
        emit(line);
    }

    @Override
    public void chatroom(String text) {
        AttributedStringBuilder line = stamped();
        // A relay is "NAME: TEXT " with the lab's trailing space; show the name in colour and drop the space.
        String shown = text.endsWith(" ") ? text.substring(0, text.length() - 1) : text;
        int colon = shown.indexOf(": ");
        if (colon > 0) {
            append(line, safe(shown.substring(0, colon)), NAME);
            append(line, ": " + safe(shown.substring(colon + 2)), AttributedStyle.DEFAULT);
        } else {
            append(line, safe(shown), AttributedStyle.DEFAULT);
        }
        emit(line);
    }

    @Override
    public void message(String from, String text, boolean action) {
        emit(said(from, text, action));
    }

    private AttributedStringBuilder said(String from, String text, boolean action) {
        AttributedStringBuilder line = stamped();
        if (action) {
            append(line, "* " + safe(from) + " " + safe(text), NAME);
        } else {
            append(line, safe(from), NAME);
            append(line, ": " + safe(text), AttributedStyle.DEFAULT);
        }
        return line;
    }

    @Override
    public void acknowledged(String from, String text, boolean action, long seq, boolean duplicate) {
        AttributedStringBuilder line = said(from, text, action);
        append(line, ACKNOWLEDGED, DIM);
        emit(line);
    }

    @Override
    public void sent(String from, String text) {
        emit(said(from, text, false));
    }

    @Override
    public void directSent(String to, String text) {
        AttributedStringBuilder line = stamped();
        append(line, "[direct to " + safe(to) + "]", DIRECT);
        append(line, " " + safe(text.startsWith(" ") ? text.substring(1) : text), AttributedStyle.DEFAULT);
        emit(line);
    }

    @Override
    public void unverifiedDirect(String claimedSender, String sourceAddress, String text) {
        AttributedStringBuilder line = stamped();
        append(line, "[direct, UNVERIFIED: claims to be " + safe(claimedSender) + ", from " + safe(sourceAddress) + "]",
                WARNING);
        append(line, " " + safe(text), AttributedStyle.DEFAULT);
        emit(line);
    }

    @Override
    public void info(String text) {
        AttributedStringBuilder line = stamped();
        append(line, safe(text), DIM);
        emit(line);
    }

    @Override
    public void direct(Optional<String> sender, String sourceAddress, String text) {
        AttributedStringBuilder line = stamped();
        // The lab's payload keeps the space after "@NAME:"; show one space either way.
        String shown = safe(text.startsWith(" ") ? text.substring(1) : text);
        if (sender.isPresent()) {
            append(line, "[direct] " + safe(sender.get()), DIRECT);
            append(line, ": " + shown, AttributedStyle.DEFAULT);
        } else {
            // Nobody the server announced sends from there: show where it came from, never a name.
            append(line, "[direct, UNVERIFIED from " + safe(sourceAddress) + "]", WARNING);
            append(line, " " + shown, AttributedStyle.DEFAULT);
        }
        emit(line);
    }

    private boolean sawFirstMap;

    /** The first map says who is here; later changes are shown as joins and leaves. */
    @Override
    public synchronized void userMap(Map<String, String> users) {
        if (sawFirstMap) {
            return;
        }
        sawFirstMap = true;
        AttributedStringBuilder line = stamped();
        append(line, users.size() + (users.size() == 1 ? " user" : " users") + " here: "
                + safe(String.join(", ", users.keySet())), PRESENCE);
        emit(line);
    }

    @Override
    public void joined(String name, String address) {
        AttributedStringBuilder line = stamped();
        append(line, "* " + safe(name) + " joined from " + safe(address), PRESENCE);
        emit(line);
    }

    @Override
    public void left(String name) {
        AttributedStringBuilder line = stamped();
        append(line, "* " + safe(name) + " left", PRESENCE);
        emit(line);
    }

    @Override
    public void listUsers(Map<String, String> users) {
        AttributedStringBuilder line = stamped();
        if (users == null) {
            append(line, "the server has not sent the user list yet", WARNING);
            emit(line);
            return;
        }
        append(line, users.size() + (users.size() == 1 ? " user:" : " users:"), PRESENCE);
        emit(line);
        for (Map.Entry<String, String> user : users.entrySet()) {
            AttributedStringBuilder row = new AttributedStringBuilder();
            append(row, "  " + safe(user.getKey()), NAME);
            append(row, "  " + safe(user.getValue()), AttributedStyle.DEFAULT);
            emit(row);
        }
    }

    @Override
    public void unknownRecipient(String name) {
        AttributedStringBuilder line = stamped();
        append(line, safe(name) + " is not registered; #ls lists who is", PROBLEM);
        emit(line);
    }

    @Override
    public void help() {
        for (String row : HELP.split("\n")) {
            sink.line(new AttributedString(row));
        }
    }

    @Override
    public void problem(String text) {
        AttributedStringBuilder line = stamped();
        append(line, safe(text), PROBLEM);
        emit(line);
    }

    @Override
    public void disconnected(String reason) {
        AttributedStringBuilder line = stamped();
        append(line, "disconnected: " + safe(reason), PROBLEM);
        emit(line);
    }

    /** Peers' and servers' text as it may be shown: {@link SafeText#escape}, the one rule for every output path. */
    static String safe(String text) {
        return SafeText.escape(text);
    }
}
