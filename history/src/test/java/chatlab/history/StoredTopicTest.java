package chatlab.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredTopicTest {
    @Test
    void aTopicComesBackWithWhoSetItAndWhen() {
        StoredTopic topic = new StoredTopic("release on friday: ø, 東京 and a \"quote\"", "ålice",
                Instant.parse("2026-12-07T11:21:30.113026973Z"));
        assertThat(StoredTopic.decode(topic.encode())).isEqualTo(topic);
    }

    @Test
    void aPlainTextIsTheTopicAlone() {
        assertThat(StoredTopic.decode("an older chatlab's topic")).isEqualTo(
                new StoredTopic("an older chatlab's topic", null, null));
        assertThat(StoredTopic.decode("not\ta\ttime")).isEqualTo(new StoredTopic("not\ta\ttime", null, null));
        assertThat(StoredTopic.decode(null)).isNull();
    }

    @Test
    void aTopicWithoutItsSetterIsStoredAsItsText() {
        assertThat(new StoredTopic("text", null, null).encode()).isEqualTo("text");
    }
}
