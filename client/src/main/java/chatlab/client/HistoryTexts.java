package chatlab.client;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The client's sentences about history, in one place. */
public final class HistoryTexts {
    /** Marks a line from a room's log, so it never reads as something said just now. */
    public static final String MARK = "(history)";
    private static final DateTimeFormatter SAME_DAY = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter OTHER_DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** The lab wire has no history. */
    public static final String LAB_WIRE = "the lab wire has no history; /history and /search need the v2 wire (drop "
            + "--wire lab)";

    private HistoryTexts() {}

    private static String where(String room) {
        return room == null ? "the room" : room;
    }

    /** {@code /history} after the page that reached the room's first kept message. */
    public static String beginning(String room) {
        return "no older messages in " + where(room) + ": that is the beginning of its history";
    }

    /** The line before a page's messages. */
    public static String header(HistoryPage page) {
        int n = page.messages().size();
        String messages = n + (n == 1 ? " message" : " messages");
        return switch (page.kind()) {
            case JOIN -> "earlier in " + where(page.room()) + " (" + messages
                    + (page.more() ? "; /history for older):" : ", all there is):");
            case PAGE -> n == 0 ? beginning(page.room())
                    : messages + " of " + where(page.room()) + "'s history"
                            + (page.more() ? " (/history for older):" : ", back to its beginning:");
            case SEARCH -> n == 0 ? "no " + (page.more() ? "more " : "") + "message in " + where(page.room())
                    + " matches \"" + page.text() + "\""
                    : messages + " in " + where(page.room()) + " match \"" + page.text() + "\", newest first"
                            + (page.more() ? " (/search " + page.text() + " again for older):" : ":");
        };
    }

    /** When a message of the log was said: the time alone on the day it is shown, else the date too. */
    public static String when(Instant time, ZoneId zone, LocalDate today) {
        ZonedDateTime at = time.atZone(zone);
        return at.toLocalDate().equals(today) ? SAME_DAY.format(at) : OTHER_DAY.format(at);
    }
}
