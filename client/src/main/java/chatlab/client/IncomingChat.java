package chatlab.client;

import chatlab.protocol.v2.ServerMessage;
import java.util.Optional;

/**
 * What the server relays of the chat, as the user sees it: a room message is noted as seen (where a reconnect
 * resumes), shown with its room's label, once per (sender, id) whatever the reconnects; one of a history page waits
 * for its page; a whisper the server passed on is shown once as a direct message "through the server".
 */
final class IncomingChat {
    private final SeenMessages seen;
    private final JoinedRooms rooms;
    private final Reconnector reconnector;
    private final HistoryTraffic history;
    private final ClientOutput output;

    IncomingChat(SeenMessages seen, JoinedRooms rooms, Reconnector reconnector, HistoryTraffic history,
            ClientOutput output) {
        this.seen = seen;
        this.rooms = rooms;
        this.reconnector = reconnector;
        this.history = history;
        this.output = output;
    }

    void message(ServerMessage.Message m) {
        if (m.room() == null) {
            reconnector.seen(m.seq());
        } else {
            rooms.seen(m.room(), m.seq());
        }
        if (m.history()) {
            history.message(m); // shown with its page, as history
        } else if (m.id() == null || seen.firstSight(m.from(), m.id())) {
            output.inRoom(rooms.label(m.room())).message(m.from(), m.text(), m.action());
        }
    }

    void whisper(ServerMessage.Whisper w) {
        if (seen.firstSight(w.from(), w.id())) {
            output.direct(Optional.of(w.from()), "the server", w.text());
        }
    }
}
