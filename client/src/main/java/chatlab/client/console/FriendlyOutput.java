package chatlab.client.console;

import chatlab.client.ClientOutput;
import chatlab.client.HistoryPage;
import chatlab.client.HistoryTexts;
import chatlab.client.RoomRow;
import chatlab.client.RoomTexts;
import chatlab.client.RoomTopic;
import chatlab.client.SafeText;
import chatlab.protocol.RoomNames;
import chatlab.protocol.v2.ServerMessage;
import java.time.LocalDate;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *
 * <p>A client in several rooms labels each line that belongs to a room with the room's name after the time stamp
 * ({@code 12:00:01 #dev alice: hi}), each room in a colour of its own ({@link #inRoom}).
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

    /** Rooms' labels take one of these, by what the name reads as, so a room keeps its colour. */
    private static final List<AttributedStyle> ROOM_COLOURS = List.of(
            AttributedStyle.BOLD.foreground(AttributedStyle.BLUE),
            AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW),
            AttributedStyle.BOLD.foreground(AttributedStyle.GREEN),
            AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA),
            AttributedStyle.BOLD.foreground(AttributedStyle.BRIGHT + AttributedStyle.BLUE),
            AttributedStyle.BOLD.foreground(AttributedStyle.BRIGHT + AttributedStyle.YELLOW));

    static final String HELP = String.join("\n",
            "Type a message and press Enter to send it to the room you talk in (the prompt names it).",
            "  @NAME: TEXT     send TEXT directly to NAME over UDP (peer to peer)",
            "  /msg NAME TEXT  the same",
            "  /me TEXT        an action: * you TEXT",
            "  #ls, /names     list the users of the room and their addresses",
            "  //TEXT          send a message that begins with '/'",
            "Rooms (v2 wire; lines of a room are labelled #ROOM when you are in more than one):",
            "  /join #ROOM     join a room (made if there is none) and talk there; again to switch to it",
            "  /part [#ROOM]   leave a room (the one you talk in when none is named)",
            "  /switch #ROOM   talk in another room you are in; /switch alone: the next one",
            "  Alt-Right, Alt-Left (or Ctrl-X n, Ctrl-X p)  talk in the next or the previous room",
            "  /rooms          every room on the server, with its members and topic",
            "  /topic [TEXT]   show the room's topic, or set it (/topic --clear clears it)",
            "History (v2 wire; shown dim, marked " + HistoryTexts.MARK + ", with the time it was said):",
            "  /history [N]    the room's messages before the oldest shown (N of them), older each time",
            "  /search TEXT    the room's messages with these words, newest first; again for older ones",
            "  /help           show this help",
            "  /quit           leave the chat (Ctrl-D does the same)");

    private final LineSink sink;
    private final boolean colour;
    private final Clock clock;
    /** The room lines of this output belong to, shown after the time stamp; null for none. */
    private final String room;
    /** Whether a first user map was shown, shared by every room's output (later maps are joins and leaves). */
    private final AtomicBoolean sawFirstMap;

    public FriendlyOutput(LineSink sink, boolean colour, Clock clock) {
        this(sink, colour, clock, null, new AtomicBoolean());
    }

    private FriendlyOutput(LineSink sink, boolean colour, Clock clock, String room, AtomicBoolean sawFirstMap) {
        this.sink = sink;
        this.colour = colour;
        this.clock = clock;
        this.room = room;
        this.sawFirstMap = sawFirstMap;
    }

    /** The same output, each line labelled with {@code room} in the room's colour. */
    @Override
    public ClientOutput inRoom(String room) {
        return room == null ? this : new FriendlyOutput(sink, colour, clock, room, sawFirstMap);
    }

    private AttributedStringBuilder stamped() {
        AttributedStringBuilder line = new AttributedStringBuilder();
        append(line, LocalTime.now(clock).format(TIME) + " ", DIM);
        if (room != null) {
            append(line, safe(room), roomColour(room));
            line.append(" ");
        }
        return line;
    }

    static AttributedStyle roomColour(String room) {
        return ROOM_COLOURS.get(Math.floorMod(RoomNames.key(room).hashCode(), ROOM_COLOURS.size()));
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

    /** The first map says who is here; later changes are shown as joins and leaves. */
    @Override
    public void userMap(Map<String, String> users) {
        if (!sawFirstMap.compareAndSet(false, true)) {
            return;
        }
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
    public void roomEntered(String room, Map<String, String> users, RoomTopic topic) {
        sawFirstMap.set(true); // the room's users are in this line
        AttributedStringBuilder line = stamped();
        append(line, safe(RoomTexts.entered(room, users.keySet())), PRESENCE);
        emit(line);
        if (topic.isSet()) {
            topic(room, topic, false);
        }
    }

    @Override
    public void roomParted(String room) {
        AttributedStringBuilder line = stamped();
        append(line, safe(RoomTexts.parted(room)), PRESENCE);
        emit(line);
    }

    @Override
    public void topic(String room, RoomTopic topic, boolean changed) {
        AttributedStringBuilder line = stamped();
        append(line, safe(changed ? RoomTexts.topicChanged(room, topic) : RoomTexts.topic(room, topic, clock.getZone())),
                changed ? PRESENCE : AttributedStyle.DEFAULT);
        emit(line);
    }

    @Override
    public void roomList(List<RoomRow> rooms) {
        AttributedStringBuilder line = stamped();
        append(line, RoomTexts.roomCount(rooms.size()), PRESENCE);
        emit(line);
        for (RoomRow row : rooms) {
            AttributedStringBuilder shown = new AttributedStringBuilder();
            append(shown, row.current() ? "* " : row.in() ? "+ " : "  ", AttributedStyle.DEFAULT);
            append(shown, safe(row.room()), roomColour(row.room()));
            append(shown, "  " + row.members() + (row.members() == 1 ? " member" : " members"), AttributedStyle.DEFAULT);
            if (!row.topic().isEmpty()) {
                append(shown, "  " + safe(row.topic()), DIM);
            }
            emit(shown);
        }
        sink.line(new AttributedString(RoomTexts.ROW_MARKS));
    }

    /**
     * A page of history: a line saying what it is, then each message dim, stamped with the time it was said (and
     * its date when not today) and marked {@value HistoryTexts#MARK}: never taken for something said just now.
     */
    @Override
    public void historyPage(HistoryPage page) {
        AttributedStringBuilder header = stamped();
        append(header, safe(HistoryTexts.header(page)), DIM);
        emit(header);
        LocalDate today = LocalDate.now(clock);
        for (ServerMessage.Message m : page.messages()) {
            AttributedStringBuilder line = new AttributedStringBuilder();
            append(line, HistoryTexts.when(m.time(), clock.getZone(), today) + " ", DIM);
            if (room != null) {
                append(line, safe(room) + " ", DIM);
            }
            append(line, HistoryTexts.MARK + " " + (m.action() ? "* " + safe(m.from()) + " " + safe(m.text())
                    : safe(m.from()) + ": " + safe(m.text())), DIM);
            emit(line);
        }
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
