package chatlab.client;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;

/** The client's sentences about rooms, in one place (the server's own are in its {@code Notices}). */
public final class RoomTexts {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private RoomTexts() {}

    /** This client is now in {@code room}. */
    public static String entered(String room, Collection<String> users) {
        return "you joined " + room + "; " + users.size() + (users.size() == 1 ? " user" : " users") + " here: "
                + String.join(", ", users);
    }

    /** {@code /topic} in a room, or a topic shown on joining it. */
    public static String topic(String room, RoomTopic topic, ZoneId zone) {
        if (!topic.isSet()) {
            return room + " has no topic; /topic TEXT sets one";
        }
        return "topic of " + room + ": " + topic.text() + " (set by " + topic.by()
                + (topic.time() == null ? "" : " at " + TIME.format(topic.time().atZone(zone))) + ")";
    }

    /** Someone (maybe this client) just set or cleared the topic. */
    public static String topicChanged(String room, RoomTopic topic) {
        return topic.isSet() ? topic.by() + " set the topic of " + room + ": " + topic.text()
                : topic.by() + " cleared the topic of " + room;
    }

    public static String parted(String room) {
        return "you left " + room;
    }

    /** The room this client's messages go to now. */
    public static String switched(String room) {
        return "now talking in " + room;
    }

    /** Lines typed while in no room (after parting the last). */
    public static final String NO_ROOM = "you are in no room; /join #ROOM to talk (/rooms lists them); the message was not sent";

    public static String notIn(String room) {
        return "you are not in " + room + "; /join " + room + " first";
    }

    /** The lab wire knows one room. */
    public static final String LAB_WIRE = "the lab wire has one room; rooms need the v2 wire (drop --wire lab)";

    /** A server from before rooms took none of them. */
    public static final String SERVER_WITHOUT_ROOMS = "this server has no rooms (a chatlab from before them): everyone "
            + "is in its one room";

    /** The answer to {@code /rooms}: the header. */
    public static String roomCount(int rooms) {
        return rooms + (rooms == 1 ? " room:" : " rooms:");
    }

    /** One row of the answer to {@code /rooms}: {@code * #dev  2 members  release on friday}. */
    public static String row(RoomRow row) {
        return (row.current() ? "* " : row.in() ? "+ " : "  ") + row.room() + "  " + row.members()
                + (row.members() == 1 ? " member" : " members") + (row.topic().isEmpty() ? "" : "  " + row.topic());
    }

    /** After {@code /rooms}: what the marks mean. */
    public static final String ROW_MARKS = "(* where you talk, + the other rooms you are in; /join #ROOM to join one)";

    /** The rooms a client is in, for the line that says so on a switch key with one room only. */
    public static String onlyRoom(String room) {
        return "you are only in " + room + "; /join #ROOM to join another";
    }

    /** A room this client was in could not be joined again after a reconnect (the server's reason is shown above). */
    public static String notRejoined(String room) {
        return "you are no longer in " + room + ": the server did not take you back (see above)";
    }
}
