package chatlab.check.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelaysTest {
    @Test
    void aRelayIsTheTextWithTheSendersNameShortlyBeforeIt() {
        assertThat(Relays.attributed("ann: hello from ann ", "ann", "hello from ann")).isTrue();
        assertThat(Relays.attributed("[ann] hello from ann\n", "ann", "hello from ann")).isTrue();
        assertThat(Relays.attributed("ann:hello from ann", "ann", "hello from ann")).isTrue();
        assertThat(Relays.attributed("hello from ann", "ann", "hello from ann")).isFalse();
        assertThat(Relays.attributed("ann\nhello from ann", "ann", "hello from ann")).isFalse();
        assertThat(Relays.attributed("ann said something long before: hello from ann", "ann", "hello from ann"))
                .isFalse();
    }

    @Test
    void partsOfALongMessageJoinBackToIt() {
        String received = "lena: 0123 lena: 4567" + " ".repeat(30) + "lena: 89 ";
        assertThat(Relays.joinedParts(received, "lena")).isEqualTo("0123456789");
        assertThat(Relays.partCount(received, "lena")).isEqualTo(3);
        assertThat(Relays.exact("ann: hi ", "ann", "hi")).isTrue();
        assertThat(Relays.exact("ann: hi", "ann", "hi")).isFalse();
    }
}
