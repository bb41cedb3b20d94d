package chatlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.protocol.v2.Wire;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the servers tell each other besides room messages: rosters with rooms, whispers and their answers, topics. */
class ClusterCodecsTest {
    private static final Instant TIME = Instant.parse("2026-12-07T15:00:00.123456789Z");

    @Test
    void aRosterKeepsEachUsersRoomsAndAUserWithoutRoomsIsInTheDefaultRoomAlone() {
        List<RemoteUser> users = List.of(new RemoteUser("bob", "10.0.0.7", 5000, Wire.V2, List.of("#general", "#dev")),
                new RemoteUser("carol", "10.0.0.8", 0, Wire.V2, List.of()), new RemoteUser("labby", "10.0.0.9", 5000,
                        Wire.LAB));
        assertThat(PresenceCodec.decode(PresenceCodec.encode(users))).isEqualTo(users);
        assertThat(new String(PresenceCodec.encode(users.subList(0, 1)), StandardCharsets.UTF_8)).isEqualTo(
                "{\"users\":[{\"name\":\"bob\",\"address\":\"10.0.0.7\",\"udpPort\":5000,\"wire\":\"v2\","
                        + "\"rooms\":[\"#general\",\"#dev\"]}]}");
        // A server from before rooms were exchanged sends no rooms: null, the default room alone.
        assertThat(PresenceCodec.decode(("{\"users\":[{\"name\":\"old\",\"address\":\"10.0.0.1\",\"udpPort\":5000,"
                + "\"wire\":\"lab\"}]}").getBytes(StandardCharsets.UTF_8)).get(0).rooms()).isNull();
    }

    @Test
    void aWhisperAndItsAnswersRoundTrip() {
        WhisperExchange.Whisper whisper = new WhisperExchange.Whisper("alice", "k3x-2", "bob", "psst \"quoted\" ✓",
                TIME);
        assertThat(WhisperCodec.decode(WhisperCodec.encode(whisper))).isEqualTo(whisper);
        for (WhisperExchange.Answer answer : WhisperExchange.Answer.values()) {
            assertThat(WhisperCodec.decodeAnswer(WhisperCodec.encode(answer))).isEqualTo(answer);
        }
        assertThat(new String(WhisperCodec.encode(WhisperExchange.Answer.UNKNOWN_USER), StandardCharsets.UTF_8))
                .isEqualTo("{\"answer\":\"unknown_user\"}");
        assertThatThrownBy(() -> WhisperCodec.decode("{\"from\":\"alice\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a chatlab whisper: a field is missing");
        assertThatThrownBy(() -> WhisperCodec.decodeAnswer("[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a whisper's answer: not a JSON object");
    }

    @Test
    void aTopicRoundTripsAndABareTextIsATopicByNobodyAtItsStoredTime() {
        ClusterTopics.Topic topic = new ClusterTopics.Topic("release on friday", "alice", TIME);
        assertThat(TopicCodec.decode(TopicCodec.encode("#Dev", topic), Instant.EPOCH)).isEqualTo(topic);
        assertThat(TopicCodec.room(TopicCodec.encode("#Dev", topic))).isEqualTo("#Dev");
        assertThat(TopicCodec.room("as the log writes it".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(TopicCodec.decode("as the log writes it".getBytes(StandardCharsets.UTF_8), TIME))
                .isEqualTo(new ClusterTopics.Topic("as the log writes it", "", TIME));
        assertThatThrownBy(() -> TopicCodec.decode("{\"by\":\"x\"}".getBytes(StandardCharsets.UTF_8), TIME))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a chatlab topic: no \"text\"");
    }
}
