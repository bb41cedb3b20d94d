package chatlab.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.v2.Wire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One room's members in the order they came in, and its lab map kept entry by entry. */
class RoomTest {
    private final Room<String> room = new Room<>("#general", "#general");

    private static Member<String> member(String name, String address, Wire wire) {
        return new Member<>(name, name, address, 5000, wire, "c-" + name, Instant.EPOCH, false);
    }

    @Test
    void theLabMapKeptEntryByEntryIsTheMapOfTheMembersAfterAnyJoinsAndLeaves() {
        Random random = new Random(20);
        List<Member<String>> in = new ArrayList<>();
        String[] names = {"alice", "bøb", "\ud83d\udc4b", "carol \"c\"", "d\\e", "éva"};
        for (int step = 0; step < 2000; step++) {
            if (in.isEmpty() || random.nextInt(3) > 0) {
                String name = names[random.nextInt(names.length)] + step;
                Member<String> member = member(name, random.nextBoolean() ? "10.0.0." + step % 250 : "fd00::" + step,
                        random.nextBoolean() ? Wire.LAB : Wire.V2);
                assertThat(room.add(member)).isTrue();
                in.add(member);
            } else {
                assertThat(room.remove(in.remove(random.nextInt(in.size())))).isTrue();
            }
            if (random.nextInt(4) == 0) {
                assertThat(room.labMapBytes()).isEqualTo(LabFormat.paddedUserMapBytes(room.userMap()));
            }
        }
        assertThat(room.labMapBytes()).isEqualTo(LabFormat.paddedUserMapBytes(room.userMap()));
        assertThat(room.labMembers()).isEqualTo((int) in.stream().filter(m -> m.wire() == Wire.LAB).count());
    }

    @Test
    void aNameThatLeftAndCameBackIsAtTheEndAndAMemberIsInOnce() {
        Member<String> alice = member("alice", "10.0.0.1", Wire.LAB);
        Member<String> bob = member("bob", "10.0.0.2", Wire.V2);
        room.add(alice);
        room.add(bob);
        assertThat(room.add(alice)).isFalse();
        room.remove(alice);
        Member<String> again = member("alice", "10.0.0.1", Wire.LAB);
        room.add(again);
        assertThat(room.members()).extracting(Member::name).containsExactly("bob", "alice");
        assertThat(room.has(alice)).as("the earlier connection is not the member").isFalse();
        assertThat(room.has(again)).isTrue();
        assertThat(new String(room.labMapBytes()).strip()).isEqualTo("!{\"bob\": \"10.0.0.2\", \"alice\": \"10.0.0.1\"}");
    }
}
