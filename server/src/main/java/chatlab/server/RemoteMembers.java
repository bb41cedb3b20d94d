package chatlab.server;

import chatlab.protocol.NameSkeleton;
import chatlab.protocol.RoomNames;
import chatlab.server.handler.Notices;
import chatlab.server.room.Member;
import chatlab.server.room.Rooms;
import chatlab.server.room.Roster;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The users of the other servers of a cluster, as their rosters say: each is a member of this server's roster (so
 * names stay unique and whispers find it) with a {@link RemoteChannel}, and of every room it is in there (made here
 * if this server has no such room yet, so the room's member lists, counts and presence include it; the lab user map
 * is the default room's, as for local users). A user whose name a local user holds (two servers let it in at the
 * same moment) is left out until the name is free here. Confined to the room's loop.
 */
final class RemoteMembers {
    private final Roster<Channel> roster;
    private final Rooms<Channel, LiveRoom> rooms;
    private final Joins joins;
    /** The other servers' users here, by server and name. */
    private final Map<String, Map<String, Member<Channel>>> remote = new HashMap<>();
    /** Each other server's last roster, by name: a user left out is let in when its name comes free. */
    private final Map<String, Map<String, ClusterLink.Present>> told = new HashMap<>();

    RemoteMembers(Roster<Channel> roster, Rooms<Channel, LiveRoom> rooms, Joins joins) {
        this.roster = roster;
        this.rooms = rooms;
        this.joins = joins;
    }

    /** {@code server}'s users now (empty: it left or went silent): who left, who came, who moved between rooms. */
    void roster(String server, List<ClusterLink.Present> users) {
        Map<String, ClusterLink.Present> now = new LinkedHashMap<>();
        users.forEach(user -> now.put(user.user().name(), user));
        Map<String, Member<Channel>> before = remote.computeIfAbsent(server, s -> new HashMap<>());
        boolean freed = false;
        for (Member<Channel> gone : new ArrayList<>(before.values())) {
            if (!now.containsKey(gone.name())) {
                before.remove(gone.name());
                roster.leave(gone.connection());
                joins.leftServer(gone, "left the cluster's server " + server);
                freed = true;
            }
        }
        if (now.isEmpty()) {
            remote.remove(server);
            told.remove(server);
        } else {
            told.put(server, now);
        }
        admit(server, now.values());
        if (freed) {
            // A user that moved to another server (its session took its name over there) was left out of that
            // server's roster here while the dead server's copy held the name; it comes in now, not at that
            // server's next change of roster (rosters are heard only when they change).
            nameFreed();
        }
    }

    /** A local user left: a user of another server that its name kept out may come in now. */
    void nameFreed() {
        for (Map.Entry<String, Map<String, ClusterLink.Present>> each : told.entrySet()) {
            Map<String, Member<Channel>> known = remote.get(each.getKey());
            for (ClusterLink.Present present : each.getValue().values()) {
                if (known == null || !known.containsKey(present.user().name())) {
                    admit(each.getKey(), List.of(present)); // one that was left out: the only kind to look at
                }
            }
        }
    }

    /** Takes another server's member out (its client came back on this server and took its name over). */
    void evict(Member<Channel> member) {
        if (!(member.connection() instanceof RemoteChannel channel)) {
            return;
        }
        Map<String, Member<Channel>> known = remote.get(channel.server());
        Map<String, ClusterLink.Present> said = told.get(channel.server());
        if (said != null) {
            said.remove(member.name()); // not let in again from that server's last roster when the name comes free
        }
        if (known != null && known.remove(member.name(), member)) {
            roster.leave(channel);
            joins.leftServer(member, "moved from the cluster's server " + channel.server());
            if (known.isEmpty()) {
                remote.remove(channel.server());
            }
        }
    }

    /** The member of another server of that name, if one is here. */
    Optional<Member<Channel>> named(String name) {
        return roster.named(name).filter(member -> RemoteChannel.isRemote(member.connection()));
    }

    private void admit(String server, Iterable<ClusterLink.Present> users) {
        Map<String, Member<Channel>> known = remote.computeIfAbsent(server, s -> new HashMap<>());
        for (ClusterLink.Present present : users) {
            Member<Channel> member = known.get(present.user().name());
            if (member == null) {
                member = register(server, present);
                if (member == null) {
                    continue;
                }
                known.put(member.name(), member);
            }
            moveTo(member, present.rooms() == null ? List.of(rooms.defaultRoom().name()) : present.rooms());
        }
        if (known.isEmpty()) {
            remote.remove(server);
        }
    }

    private Member<Channel> register(String server, ClusterLink.Present present) {
        var user = present.user();
        RemoteChannel channel = new RemoteChannel(server);
        if (roster.register(channel, user.name(), NameSkeleton.of(user.name()), user.address(), user.udpPort(),
                user.wire(), false) != Roster.Registration.JOINED) {
            return null;
        }
        return roster.memberOf(channel).orElseThrow();
    }

    /** Puts the member in exactly these rooms (by what their names read as); each room hears it as usual. */
    private void moveTo(Member<Channel> member, List<String> names) {
        Set<String> wanted = new HashSet<>();
        names.forEach(name -> wanted.add(RoomNames.key(name)));
        for (LiveRoom room : new ArrayList<>(rooms.roomsOf(member.connection()))) {
            if (!wanted.remove(room.state().key()) && rooms.part(member, room)) {
                room.presence().left(member, Notices.PARTED);
            }
        }
        for (String name : names) {
            String key = RoomNames.key(name);
            if (!wanted.remove(key)) {
                continue; // in it already, or named twice
            }
            Rooms.Joining<LiveRoom> joining = rooms.join(member, name, key);
            if (joining.outcome() == Rooms.Outcome.JOINED) {
                joining.room().presence().changed();
            }
            // Otherwise this server's room limits leave it out of that room here (docs/CLUSTER.md).
        }
    }
}
