package chatlab.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The text exposition format 0.0.4, byte for byte: escapes, numbers, a family's lines. */
class PrometheusTextTest {
    @Test
    void aFamilyIsItsHelpItsTypeAndItsSamples() {
        String text = new PrometheusText().family("chatlab_room_users", "gauge", "Users\\of a room,\nper room.")
                .sample("chatlab_room_users", 3, "room", "#a\"b\\c\nd").sample("chatlab_room_users", 0, "room", "#x")
                .toString();
        assertThat(text).isEqualTo("""
                # HELP chatlab_room_users Users\\\\of a room,\\nper room.
                # TYPE chatlab_room_users gauge
                chatlab_room_users{room="#a\\"b\\\\c\\nd"} 3
                chatlab_room_users{room="#x"} 0
                """);
    }

    @Test
    void numbersArePlain() {
        assertThat(PrometheusText.number(0)).isEqualTo("0");
        assertThat(PrometheusText.number(12_345_678_901L)).isEqualTo("12345678901");
        assertThat(PrometheusText.number(0.0001)).isEqualTo("0.0001");
        assertThat(PrometheusText.number(2.5)).isEqualTo("2.5");
        assertThat(PrometheusText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }
}
