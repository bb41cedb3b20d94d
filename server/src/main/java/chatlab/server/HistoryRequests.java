package chatlab.server;

import chatlab.history.SearchQuery;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageEncoder;
import chatlab.server.handler.Refusal;
import chatlab.server.room.Member;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers {@code history} and {@code search} (docs/PROTOCOL.md, *History*): a page of the room's log, marked as
 * history and sent paced ({@link PacedSend}), then the page's end with {@code more} and {@code before}. The client's
 * reading is paused from the request until its answer is sent ({@link ReadGate.Reason#HISTORY}), so one client's
 * pages never mix and a client cannot queue reads faster than they are answered. Confined to the rooms' loop.
 */
final class HistoryRequests {
    private static final ServerMessageEncoder V2 = new ServerMessageEncoder();

    private final Joins joins;
    private final Deliveries deliveries;
    private final Refusals refusals;
    private final HistorySettings settings;

    HistoryRequests(Joins joins, Deliveries deliveries, Refusals refusals, HistorySettings settings) {
        this.joins = joins;
        this.deliveries = deliveries;
        this.refusals = refusals;
        this.settings = settings;
    }

    /** The count a request gets: the default page for 0, at most the log's page. */
    static int pageOf(int count) {
        return count == 0 ? HistorySettings.DEFAULT_PAGE_MESSAGES : Math.min(count, HistorySettings.MAX_PAGE_MESSAGES);
    }

    private static long beforeOf(long before) {
        return before == 0 ? Long.MAX_VALUE : before;
    }

    void history(Member<Channel> member, String roomName, long before, int count, String id) {
        LiveRoom room = roomFor(member, roomName, id, "history");
        if (room == null) {
            return;
        }
        int page = pageOf(count);
        room.log().before(beforeOf(before), page + 1, messages -> {
            boolean more = messages.size() > page;
            List<ServerMessage.Message> sent = more ? messages.subList(1, messages.size()) : messages;
            send(member, room, sent, new ServerMessage.HistoryEnd(roomField(member, room), id, sent.size(), more,
                    sent.isEmpty() ? 0 : sent.get(0).seq()));
        }, reason -> refuse(member, Refusal.historyNotRead(roomField(member, room), reason).withRef(id)));
    }

    void search(Member<Channel> member, String roomName, String text, long before, int count, String id) {
        LiveRoom room = roomFor(member, roomName, id, "search");
        if (room == null) {
            return;
        }
        SearchQuery query;
        try {
            if (text.codePointCount(0, text.length()) > HistorySettings.MAX_SEARCH_CHARS) {
                throw new IllegalArgumentException("a search may be at most " + HistorySettings.MAX_SEARCH_CHARS
                        + " characters long");
            }
            query = SearchQuery.parse(text);
        } catch (IllegalArgumentException e) {
            refuse(member, Refusal.badSearch(roomField(member, room), e.getMessage()).withRef(id));
            return;
        }
        int page = pageOf(count);
        ((LoggedRoomLog) room.log()).search(query, beforeOf(before), page + 1, messages -> {
            boolean more = messages.size() > page;
            List<ServerMessage.Message> sent = more ? messages.subList(0, page) : messages;
            send(member, room, sent, new ServerMessage.SearchEnd(roomField(member, room), id, text, sent.size(), more,
                    sent.isEmpty() ? 0 : sent.get(sent.size() - 1).seq()));
        }, reason -> refuse(member, Refusal.historyNotRead(roomField(member, room), reason).withRef(id)));
    }

    /** The room the request is about, when the client is in it and the server can answer; else it is refused. */
    private LiveRoom roomFor(Member<Channel> member, String roomName, String id, String what) {
        LiveRoom room = joins.roomOf(member, roomName);
        if (room == null) {
            String named = roomName != null ? roomName : joins.defaultRoomName();
            refuse(member, Refusal.notInRoom(named).withRef(id));
            return null;
        }
        if (!room.log().keepsHistory() || what.equals("search") && !settings.search()) {
            refuse(member, Refusal.historyOff(roomField(member, room), what).withRef(id));
            return null;
        }
        return room;
    }

    private static String roomField(Member<Channel> member, LiveRoom room) {
        return member.namesRooms() ? room.name() : null;
    }

    private void send(Member<Channel> member, LiveRoom room, List<ServerMessage.Message> messages,
            ServerMessage end) {
        List<byte[]> lines = new ArrayList<>(messages.size() + 1);
        for (ServerMessage.Message message : messages) {
            ServerMessage.Message shown = member.namesRooms() ? message.withRoom(room.name()) : message;
            lines.add(V2.encode(shown.withHistory(true)));
        }
        lines.add(V2.encode(end));
        PacedSend.send(deliveries, member.connection(), lines, () -> answered(member.connection()));
    }

    private void refuse(Member<Channel> member, Refusal refusal) {
        refusals.refuse(member.connection(), refusal);
        answered(member.connection());
    }

    /** The request is answered: the client's next one may be read. */
    static void answered(Channel channel) {
        ReadGate.of(channel).resume(ReadGate.Reason.HISTORY);
    }
}
