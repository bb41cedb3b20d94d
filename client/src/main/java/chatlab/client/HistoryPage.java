package chatlab.client;

import chatlab.protocol.v2.ServerMessage;
import java.util.List;

/**
 * Messages from a room's log that came together (docs/PROTOCOL.md, *History*): what the server sends on a join, a
 * page of {@code /history}, or the results of {@code /search}. Shown as history, never as new chat.
 *
 * @param room     the room as the server spells it; null for the one room of a server without rooms
 * @param kind     what brought them
 * @param text     for a search: the words searched for; else null
 * @param messages in the order the server sent them: oldest first, except a search's, newest first
 * @param more     the log holds older ones: {@code /history} (or the same {@code /search}) again gets them
 */
public record HistoryPage(String room, Kind kind, String text, List<ServerMessage.Message> messages, boolean more) {
    public enum Kind {
        /** The room's last messages, sent when the client joined it. */
        JOIN,
        /** A page of {@code /history}: older than what was shown of the room. */
        PAGE,
        /** The results of {@code /search}, newest first. */
        SEARCH
    }

    public HistoryPage {
        messages = List.copyOf(messages);
    }

    public HistoryPage withMessages(List<ServerMessage.Message> value) {
        return new HistoryPage(room, kind, text, value, more);
    }
}
