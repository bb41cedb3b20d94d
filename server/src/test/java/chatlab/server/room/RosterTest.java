package chatlab.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.NameSkeleton;
import chatlab.protocol.v2.Wire;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class RosterTest {
    private final Roster<String> room = new Roster<>(Clock.systemUTC(), 10, 10);

    private Roster.Registration register(String connection, String name) {
        return room.register(connection, name, NameSkeleton.of(name), "127.0.0.1", 5000, Wire.LAB);
    }

    @Test
    void aNameThatReadsLikeAMembersIsRefusedUntilThatMemberLeaves() {
        assertThat(register("c1", "alice")).isEqualTo(Roster.Registration.JOINED);
        assertThat(register("c2", "alice")).isEqualTo(Roster.Registration.NAME_TAKEN);
        assertThat(register("c3", "\u0430lice")).isEqualTo(Roster.Registration.LOOKS_LIKE_MEMBER);
        assertThat(room.readingAs(NameSkeleton.of("ALICE")).orElseThrow().name()).isEqualTo("alice");
        assertThat(register("c4", "bob")).isEqualTo(Roster.Registration.JOINED);

        room.leave("c1");
        assertThat(room.readingAs(NameSkeleton.of("alice"))).isEmpty();
        assertThat(register("c5", "ALICE")).isEqualTo(Roster.Registration.JOINED);
        assertThat(room.members()).extracting(Member::name).containsExactly("bob", "ALICE");
    }
}
