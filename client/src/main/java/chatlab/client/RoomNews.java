package chatlab.client;

import chatlab.protocol.v2.UserInfo;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a change of the room shows the user: always the whole user map, then who left and who joined; after a
 * reconnect, what changed while this client was away instead. Made under the session's lock, shown outside it.
 *
 * @param map      the room now, name to address
 * @param left     who left (not this client)
 * @param joined   who joined (not this client), in the server's order
 * @param away     after a reconnect: who came and went while this client was away; null otherwise
 * @param resent   after a reconnect: how many of our messages were sent again
 * @param released direct messages typed while the room was on its way, to send now that it is here
 */
record RoomNews(Map<String, String> map, List<String> left, List<UserInfo> joined, RosterDiff away, int resent,
        List<UserInput.Direct> released) {
    /** Joins shown one by one up to this many per presence message; a storm is summed up in one line. */
    static final int JOINS_SHOWN_ONE_BY_ONE = 5;

    RoomNews {
        map = Collections.unmodifiableMap(new LinkedHashMap<>(map));
        left = List.copyOf(left);
        joined = List.copyOf(joined);
        released = List.copyOf(released);
    }

    /** The room, with nothing to say about it (the first welcome, or the room that followed it). */
    static RoomNews of(Map<String, String> map) {
        return new RoomNews(map, List.of(), List.of(), null, 0, List.of());
    }

    static RoomNews changes(Map<String, String> map, List<String> left, List<UserInfo> joined) {
        return new RoomNews(map, left, joined, null, 0, List.of());
    }

    /** Back in the room after a reconnect, having sent {@code resent} messages again. */
    static RoomNews back(Map<String, String> map, RosterDiff away, int resent) {
        return new RoomNews(map, List.of(), List.of(), away, resent, List.of());
    }

    RoomNews withReleased(List<UserInput.Direct> directs) {
        return new RoomNews(map, left, joined, away, resent, directs);
    }

    void show(ClientOutput output) {
        output.userMap(map);
        if (away != null) {
            away.show(output);
            output.info("back in the room" + (resent == 0 ? "" : "; resent " + resent
                    + " message(s) the server had not acknowledged"));
            return;
        }
        left.forEach(output::left);
        if (joined.size() <= JOINS_SHOWN_ONE_BY_ONE) {
            joined.forEach(user -> output.joined(user.name(), user.address()));
        } else {
            output.info(joined.size() + " users joined (" + joined.get(0).name() + ", " + joined.get(1).name()
                    + ", ...; #ls lists everyone)");
        }
    }
}
