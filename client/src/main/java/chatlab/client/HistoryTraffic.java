package chatlab.client;

import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ServerMessage;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The history side of a v2 session (the feature "history"; docs/PROTOCOL.md, *History*): {@code /history [N]} and
 * {@code /search TEXT} for the room the client talks in, and what the server sends from a room's log, shown as
 * history ({@link ClientOutput#historyPage}), never as new chat: a page is shown once it has ended, whole.
 *
 * <p>The page sent on a join may hold messages this client already showed (it came back to a server whose numbering
 * changed): those are left out, and the page's messages count as shown, so none of them shows again live. A page
 * the user asked for shows everything in it. Thread-safe.
 */
final class HistoryTraffic {
    /** Said when the server keeps no history, or is from before it. */
    static final String NO_HISTORY = "this server keeps no history (it runs with --history off, or is from before "
            + "history)";

    private final HistoryPages pages = new HistoryPages();
    private final JoinedRooms rooms;
    private final SeenMessages seen;
    private final ClientOutput output;
    private final Predicate<ClientMessage> request;
    /** The server's last welcome took the feature "history". */
    private volatile boolean historyOn;

    HistoryTraffic(JoinedRooms rooms, SeenMessages seen, ClientOutput output, Predicate<ClientMessage> request) {
        this.rooms = rooms;
        this.seen = seen;
        this.output = output;
        this.request = request;
    }

    /** A welcome: whether the server keeps history for this client; what the last connection asked is forgotten. */
    synchronized void welcomed(ServerMessage.Welcome welcome) {
        historyOn = welcome.features().contains("history");
        pages.reconnected();
    }

    /**
     * {@code /history [N]}: the page before what was shown of the room the client talks in.
     *
     * @return false when it was refused here (no history, no room, the server away)
     */
    boolean older(int count) {
        Optional<String> room = room();
        if (room == null) {
            return false;
        }
        Optional<ClientMessage.History> asked;
        synchronized (this) {
            asked = pages.older(room.orElse(null), count);
        }
        if (asked.isEmpty()) {
            output.inRoom(rooms.label(room.orElse(null))).info(HistoryTexts.beginning(room.orElse(null)));
            return true;
        }
        return sent(asked.get());
    }

    /** {@code /search TEXT} in the room the client talks in. */
    boolean search(String text, int count) {
        Optional<String> room = room();
        if (room == null) {
            return false;
        }
        ClientMessage.Search asked;
        synchronized (this) {
            asked = pages.search(room.orElse(null), text, count);
        }
        return sent(asked);
    }

    /** The room a request is about (empty: the one room of a server without rooms); null when refused here. */
    private Optional<String> room() {
        if (!historyOn) {
            output.problem(NO_HISTORY);
            return null;
        }
        Optional<String> room = rooms.talkingIn();
        if (rooms.roomsOn() && room.isEmpty()) {
            output.problem(RoomTexts.NO_ROOM);
            return null;
        }
        return room;
    }

    private boolean sent(ClientMessage message) {
        if (!request.test(message)) {
            output.problem(RoomTraffic.SERVER_AWAY);
            return false;
        }
        return true;
    }

    /** A message marked history: kept until its page ends. */
    synchronized void message(ServerMessage.Message message) {
        pages.message(message);
    }

    void end(ServerMessage.HistoryEnd end) {
        Optional<HistoryPage> page;
        synchronized (this) {
            page = pages.end(end);
        }
        page.ifPresent(this::show);
    }

    void end(ServerMessage.SearchEnd end) {
        HistoryPage page;
        synchronized (this) {
            page = pages.end(end);
        }
        show(page);
    }

    /** The client left a room: its history starts afresh if it comes back. */
    synchronized void left(String room) {
        pages.left(room);
    }

    private void show(HistoryPage page) {
        if (page.kind() == HistoryPage.Kind.JOIN) {
            List<ServerMessage.Message> fresh = page.messages().stream()
                    .filter(m -> m.id() == null || seen.firstSight(m.from(), m.id())).toList();
            if (fresh.isEmpty()) {
                return;
            }
            page = page.withMessages(fresh);
        }
        output.inRoom(rooms.label(page.room())).historyPage(page);
    }
}
