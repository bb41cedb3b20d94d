package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeenMessagesTest {
    @Test
    void aMessageIsNewOnlyOnce() {
        SeenMessages seen = new SeenMessages();
        assertThat(seen.firstSight("alice", "x-1")).isTrue();
        assertThat(seen.firstSight("alice", "x-1")).isFalse();
        assertThat(seen.firstSight("bob", "x-1")).as("ids are chosen by each sender").isTrue();
        assertThat(seen.firstSight("alice", "x-2")).isTrue();
    }

    @Test
    void theSenderAndTheIdCannotRunTogether() {
        SeenMessages seen = new SeenMessages();
        assertThat(seen.firstSight("ab", "c")).isTrue();
        assertThat(seen.firstSight("a", "bc")).isTrue();
    }

    @Test
    void theOldestAreForgottenBeyondTheBound() {
        SeenMessages seen = new SeenMessages(3);
        seen.firstSight("a", "1");
        seen.firstSight("a", "2");
        seen.firstSight("a", "3");
        seen.firstSight("a", "4"); // forgets 1
        assertThat(seen.firstSight("a", "4")).isFalse();
        assertThat(seen.firstSight("a", "2")).isFalse();
        assertThat(seen.firstSight("a", "1")).as("forgotten: shown again").isTrue();
    }

    @Test
    void remembersAsManyAsItSays() {
        SeenMessages seen = new SeenMessages();
        for (int i = 0; i < SeenMessages.REMEMBERED; i++) {
            seen.firstSight("a", Integer.toString(i));
        }
        assertThat(seen.firstSight("a", "0")).isFalse();
    }
}
