package chatlab.client;

import chatlab.client.p2p.AnnouncedPeers;
import chatlab.client.p2p.DatagramSenders;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.UserInfo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A room as a v2 client knows it: who is in it (name, address, UDP port, wire) in the server's order, from the
 * welcome and the presence messages after it; who is who for a direct message ({@code @name}) and for a datagram's
 * source. One room: a client in several rooms keeps one view per room.
 *
 * <p>A welcome may name only this client and say the room follows in the next presence message; until it comes, a
 * direct message to a name not known yet is held (up to {@link #MAX_DIRECTS_BEFORE_SNAPSHOT}) instead of refused,
 * and released with the room.
 *
 * <p>A presence message applies its leaves before its joins: a name in both left and came back (a reconnect), so it
 * stays, with its new address.
 *
 * <p>Thread-safe (the datagram receiver asks it directly); the session changes it under its own lock, so what it
 * decides together with the outbox stays together.
 */
final class RoomView implements AnnouncedPeers {
    /** Direct messages held while the room is on its way; beyond it they are answered as to an unknown name. */
    static final int MAX_DIRECTS_BEFORE_SNAPSHOT = 100;

    private String self;
    /** Null until the first welcome. */
    private Map<String, UserInfo> users;
    /** A welcome said the room follows in the next presence message; the room before it, to tell what changed. */
    private boolean snapshotPending;
    private Map<String, UserInfo> beforeSnapshot;
    private int resentBeforeSnapshot;
    private final List<UserInput.Direct> held = new ArrayList<>();

    /**
     * A welcome on a (new) connection.
     *
     * @param self        the name this client has there
     * @param usersFollow the welcome names only this client; the room comes in the next presence message
     * @param resent      how many of our messages were sent again on this connection
     * @return what to show; empty when the room follows (it is shown then)
     */
    synchronized Optional<RoomNews> welcome(String self, List<UserInfo> welcomed, boolean usersFollow, int resent) {
        this.self = self;
        Map<String, UserInfo> before = users;
        users = new LinkedHashMap<>();
        welcomed.forEach(user -> users.put(user.name(), user));
        if (usersFollow) {
            snapshotPending = true;
            beforeSnapshot = before;
            resentBeforeSnapshot = resent;
            return Optional.empty();
        }
        return Optional.of(news(before, resent));
    }

    /** A presence message; empty before the first welcome (the welcome brings the room). */
    synchronized Optional<RoomNews> presence(ServerMessage.Presence presence) {
        if (users == null) {
            return Optional.empty();
        }
        boolean snapshot = snapshotPending;
        Map<String, UserInfo> before = beforeSnapshot;
        snapshotPending = false;
        beforeSnapshot = null;
        List<UserInput.Direct> released = List.copyOf(held);
        held.clear();
        List<String> gone = new ArrayList<>();
        for (ServerMessage.Left left : presence.left()) {
            // After a fast reconnect the server may announce our old connection's leave: not news to show.
            if (users.remove(left.name()) != null && !left.name().equals(self)) {
                gone.add(left.name());
            }
        }
        if (snapshot) {
            // The room in joining order, then whoever the welcome named (this client) after it.
            Map<String, UserInfo> ordered = new LinkedHashMap<>();
            presence.joined().forEach(user -> ordered.put(user.name(), user));
            users.forEach(ordered::putIfAbsent);
            users = ordered;
        }
        List<UserInfo> arrived = new ArrayList<>();
        for (UserInfo user : presence.joined()) {
            users.put(user.name(), user);
            if (!user.name().equals(self)) {
                arrived.add(user);
            }
        }
        if (snapshot) {
            // The room as it was when we joined: not news, except what changed while we were away.
            return Optional.of(news(before, resentBeforeSnapshot).withReleased(released));
        }
        return Optional.of(RoomNews.changes(addresses(users), gone, arrived));
    }

    /** One user joined; empty before the first welcome. */
    synchronized Optional<RoomNews> joined(UserInfo user) {
        if (users == null) {
            return Optional.empty();
        }
        users.put(user.name(), user);
        return Optional.of(RoomNews.changes(addresses(users), List.of(), List.of(user)));
    }

    /** One user left; empty before the first welcome or when the name was not here. */
    synchronized Optional<RoomNews> left(String name) {
        if (users == null || users.remove(name) == null) {
            return Optional.empty();
        }
        return Optional.of(RoomNews.changes(addresses(users), List.of(name), List.of()));
    }

    /** The room now; after a reconnect with what changed while away from {@code before}. */
    private RoomNews news(Map<String, UserInfo> before, int resent) {
        if (before == null) {
            return RoomNews.of(addresses(users));
        }
        return RoomNews.back(addresses(users), RosterDiff.between(addresses(before), addresses(users)), resent);
    }

    /** Who is called {@code name} here, if anyone (as far as this client knows yet). */
    synchronized Optional<UserInfo> user(String name) {
        return users == null ? Optional.empty() : Optional.ofNullable(users.get(name));
    }

    /**
     * Holds a direct message to a name not known yet while the room is on its way.
     *
     * @return false when the room is here (the name is unknown) or too many are held already
     */
    synchronized boolean hold(UserInput.Direct direct) {
        if (!snapshotPending || held.size() >= MAX_DIRECTS_BEFORE_SNAPSHOT) {
            return false;
        }
        held.add(direct);
        return true;
    }

    /** Direct messages held until the room arrives. */
    synchronized int held() {
        return held.size();
    }

    /** Name to address, in the room's order; empty before the first welcome. */
    synchronized Optional<Map<String, String>> addresses() {
        return Optional.ofNullable(users).map(RoomView::addresses);
    }

    @Override
    public synchronized Optional<String> nameAt(InetSocketAddress source) {
        return users == null ? Optional.empty() : DatagramSenders.announcedAt(users.values(), source);
    }

    @Override
    public synchronized boolean isAt(String name, InetSocketAddress source) {
        return users != null && DatagramSenders.isAnnouncedAt(users.get(name), source);
    }

    private static Map<String, String> addresses(Map<String, UserInfo> users) {
        Map<String, String> map = new LinkedHashMap<>();
        users.forEach((n, u) -> map.put(n, u.address()));
        return map;
    }
}
