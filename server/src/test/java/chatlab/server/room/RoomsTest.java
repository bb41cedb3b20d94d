package chatlab.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.RoomNames;
import chatlab.protocol.v2.Wire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who is in which room, within the limits per client and per server; empty rooms kept, the oldest dropped. */
class RoomsTest {
    /** What a test keeps per room: the state alone. */
    record Kept(Room<String> state) implements Rooms.Held<String> {}

    private final List<String> dropped = new ArrayList<>();

    private Rooms<String, Kept> rooms(int maxRooms, int perClient) {
        return new Rooms<>("#general", maxRooms, perClient, Kept::new, room -> dropped.add(room.state().name()));
    }

    private static Member<String> member(String name) {
        return new Member<>(name, name, "10.0.0.1", 5000, Wire.V2, "c-" + name, Instant.EPOCH, true);
    }

    private static Rooms.Outcome join(Rooms<String, Kept> rooms, Member<String> member, String name) {
        return rooms.join(member, name, RoomNames.key(name)).outcome();
    }

    @Test
    void namesThatReadAlikeAreOneRoomSpelledAsItsCreatorSpelledIt() {
        Rooms<String, Kept> rooms = rooms(10, 10);
        Member<String> alice = member("alice");
        Member<String> bob = member("bob");
        Member<String> carol = member("carol");
        assertThat(join(rooms, alice, "#Dev")).isEqualTo(Rooms.Outcome.JOINED);
        assertThat(join(rooms, bob, "#dev")).isEqualTo(Rooms.Outcome.JOINED);
        assertThat(join(rooms, carol, "#d\u0435v")).isEqualTo(Rooms.Outcome.JOINED);
        assertThat(join(rooms, alice, "#DEV")).isEqualTo(Rooms.Outcome.ALREADY_IN);
        assertThat(rooms.size()).isEqualTo(2);
        Kept dev = rooms.named("#dev").orElseThrow();
        assertThat(dev.state().name()).isEqualTo("#Dev");
        assertThat(dev.state().members()).extracting(Member::name).containsExactly("alice", "bob", "carol");
        assertThat(rooms.named("#Dev")).containsSame(dev);
        assertThat(rooms.named("#nothing")).isEmpty();
    }

    @Test
    void aClientIsInAtMostItsLimitOfRoomsTheDefaultRoomIncluded() {
        Rooms<String, Kept> rooms = rooms(10, 3);
        Member<String> alice = member("alice");
        assertThat(join(rooms, alice, "#general")).isEqualTo(Rooms.Outcome.JOINED);
        assertThat(join(rooms, alice, "#a")).isEqualTo(Rooms.Outcome.JOINED);
        assertThat(join(rooms, alice, "#b")).isEqualTo(Rooms.Outcome.JOINED);
        assertThat(join(rooms, alice, "#c")).isEqualTo(Rooms.Outcome.TOO_MANY_FOR_CLIENT);
        assertThat(rooms.named("#c")).as("a refused join makes no room").isEmpty();
        assertThat(rooms.part(alice, rooms.named("#a").orElseThrow())).isTrue();
        assertThat(join(rooms, alice, "#c")).isEqualTo(Rooms.Outcome.JOINED);
        assertThat(rooms.roomsOf("c-alice")).extracting(k -> k.state().name()).containsExactly("#general", "#b", "#c");
    }

    @Test
    void atTheServersLimitTheRoomEmptyLongestIsDroppedAndWithNoneEmptyTheJoinIsRefused() {
        Rooms<String, Kept> rooms = rooms(4, 10);
        Member<String> alice = member("alice");
        Member<String> bob = member("bob");
        join(rooms, alice, "#a");
        join(rooms, alice, "#b");
        join(rooms, bob, "#c");
        assertThat(rooms.size()).as("the default room counts").isEqualTo(4);
        assertThat(join(rooms, bob, "#d")).isEqualTo(Rooms.Outcome.SERVER_FULL);

        rooms.part(alice, rooms.named("#b").orElseThrow());
        rooms.named("#b").orElseThrow().state().topic(new Room.Topic("kept while empty", "alice", Instant.EPOCH));
        rooms.part(alice, rooms.named("#a").orElseThrow());
        assertThat(rooms.named("#b").orElseThrow().state().topic()).map(Room.Topic::text).contains("kept while empty");
        assertThat(join(rooms, bob, "#d")).isEqualTo(Rooms.Outcome.JOINED);
        assertThat(dropped).as("#b became empty first").containsExactly("#b");
        assertThat(rooms.named("#b")).isEmpty();

        join(rooms, alice, "#a"); // occupied again: no longer a candidate
        assertThat(join(rooms, alice, "#e")).isEqualTo(Rooms.Outcome.SERVER_FULL);
        rooms.leaveAll(bob);
        assertThat(join(rooms, alice, "#e")).isEqualTo(Rooms.Outcome.JOINED);
        assertThat(dropped).containsExactly("#b", "#c");
    }

    @Test
    void theDefaultRoomIsNeverDropped() {
        Rooms<String, Kept> rooms = rooms(2, 10);
        Member<String> alice = member("alice");
        join(rooms, alice, "#general");
        rooms.leaveAll(alice);
        assertThat(join(rooms, alice, "#a")).isEqualTo(Rooms.Outcome.JOINED);
        rooms.leaveAll(alice);
        assertThat(join(rooms, alice, "#b")).isEqualTo(Rooms.Outcome.JOINED);
        assertThat(dropped).containsExactly("#a");
        assertThat(rooms.defaultRoom().state().name()).isEqualTo("#general");
        assertThat(rooms.named("#GENERAL")).containsSame(rooms.defaultRoom());
    }
}
