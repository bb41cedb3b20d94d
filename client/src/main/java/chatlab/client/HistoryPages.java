package chatlab.client;

import chatlab.protocol.RoomNames;
import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ServerMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a client is in each room's history, and the messages of a page still coming in. The server sends a page's
 * messages (marked {@code history}) and then its end ({@code history} or {@code search}, with the request's id, or
 * none for the page sent on a join); it answers one request whole before the next, so a room's messages up to an end
 * are that end's page. {@code /history} goes back from the oldest message shown so far (the page sent on the join, or
 * the last {@code /history}), older each time; {@code /search} with the same words again goes on with older matches,
 * and new words start again from the newest.
 *
 * <p>Not thread-safe: the history traffic guards it.
 */
final class HistoryPages {
    /** A request sent and not yet answered. */
    private record Asked(HistoryPage.Kind kind, String room, String text) {}

    /** One room's place in its history. */
    private static final class Place {
        /** Where {@code /history} goes on from: the oldest seq shown; 0 for the newest (nothing shown yet). */
        private long before;
        /** Whether the log holds messages older than {@link #before}. */
        private boolean more = true;
        private String searchText;
        private long searchBefore;
        private boolean searchMore;
        /** Messages of the page coming in, until its end. */
        private final List<ServerMessage.Message> coming = new ArrayList<>();
    }

    private final Map<String, Place> places = new HashMap<>();
    private final Map<String, Asked> asked = new HashMap<>();
    private long nextId;

    /** The key of a room's place: what its name reads as; "" for the one room of a server without rooms. */
    private static String key(String room) {
        return room == null ? "" : RoomNames.key(room);
    }

    private Place place(String room) {
        return places.computeIfAbsent(key(room), k -> new Place());
    }

    /** A message marked history: kept until its page ends. */
    void message(ServerMessage.Message message) {
        place(message.room()).coming.add(message);
    }

    /**
     * The end of a page of history: the page, with what came before it. Empty for an empty page sent on a join (a
     * new room: nothing to show).
     */
    Optional<HistoryPage> end(ServerMessage.HistoryEnd end) {
        Place place = place(end.room());
        List<ServerMessage.Message> messages = List.copyOf(place.coming);
        place.coming.clear();
        Asked request = end.id() == null ? null : asked.remove(end.id());
        if (end.count() > 0 || request != null) {
            // the oldest shown: /history goes on from there (a page of an empty log ends with before 0)
            place.before = end.count() > 0 ? end.before() : place.before;
            place.more = end.more();
        }
        if (request == null && messages.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new HistoryPage(end.room(), request == null ? HistoryPage.Kind.JOIN : HistoryPage.Kind.PAGE,
                null, messages, end.more()));
    }

    /** The end of a search's results, with the results that came before it. */
    HistoryPage end(ServerMessage.SearchEnd end) {
        Place place = place(end.room());
        List<ServerMessage.Message> messages = List.copyOf(place.coming);
        place.coming.clear();
        if (end.id() != null) {
            asked.remove(end.id());
        }
        place.searchText = end.text();
        place.searchBefore = end.before();
        place.searchMore = end.more();
        return new HistoryPage(end.room(), HistoryPage.Kind.SEARCH, end.text(), messages, end.more());
    }

    /**
     * The request for the page before what was shown of {@code room}: {@code count} messages (0: the server's page);
     * empty when what was shown already reaches the room's first kept message.
     */
    Optional<ClientMessage.History> older(String room, int count) {
        Place place = place(room);
        if (!place.more) {
            return Optional.empty();
        }
        String id = "h" + ++nextId;
        asked.put(id, new Asked(HistoryPage.Kind.PAGE, room, null));
        return Optional.of(new ClientMessage.History(room, place.before, count, id));
    }

    /** The request for {@code text} in {@code room}: older matches when the last search there was the same. */
    ClientMessage.Search search(String room, String text, int count) {
        Place place = place(room);
        long before = text.equals(place.searchText) && place.searchMore ? place.searchBefore : 0;
        String id = "s" + ++nextId;
        asked.put(id, new Asked(HistoryPage.Kind.SEARCH, room, text));
        return new ClientMessage.Search(room, text, before, count, id);
    }

    /** A new connection: what the last one had asked will not be answered, and pages half come are dropped. */
    void reconnected() {
        asked.clear();
        places.values().forEach(place -> place.coming.clear());
    }

    /** The client left the room: it starts afresh if it comes back. */
    void left(String room) {
        places.remove(key(room));
    }
}
