package chatlab.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.lab.LabFormat;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabRosterTest {
    @Test
    void countsTheEntriesOfAMapThePythonWayWritten() {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("alice", "127.0.0.2");
        users.put("b\u00f8b \"the\" \\ builder", "::1");
        users.put("\ud83d\udc4b", "127.0.0.3");
        byte[] map = LabFormat.userMapBytes(users);
        LabRoster roster = new LabRoster();
        roster.begin();
        int taken = roster.feed(map, 1, map.length); // after the '!'
        assertThat(taken).isEqualTo(map.length - 1);
        assertThat(roster.inMap()).isFalse();
        assertThat(roster.users()).isEqualTo(3);
    }

    @Test
    void readsAMapCutAnywhereAndStopsAtItsEnd() {
        byte[] bytes = "{\"b0\": \"127.0.0.2\", \"b1\": \"127.0.0.2\"}b0: ~0,1,~ ".getBytes(StandardCharsets.UTF_8);
        int mapLength = bytes.length - "b0: ~0,1,~ ".length();
        LabRoster roster = new LabRoster();
        roster.begin();
        int total = 0;
        for (int i = 0; i < bytes.length && roster.inMap(); i++) {
            total += roster.feed(bytes, i, i + 1);
        }
        assertThat(total).isEqualTo(mapLength);
        assertThat(roster.users()).isEqualTo(2);
        assertThat(roster.namesHash()).isEqualTo(NameHash.of("b0") + NameHash.of("b1"));
    }

    @Test
    void theNamesFingerprintIgnoresOrderAndTellsOtherNamesApart() {
        LabRoster roster = new LabRoster();
        byte[] ab = "{\"b0\": \"127.0.0.2\", \"b1\": \"127.0.0.3\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] ba = "{\"b1\": \"127.0.0.3\", \"b0\": \"127.0.0.2\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] other = "{\"b0\": \"127.0.0.2\", \"b1r2\": \"127.0.0.3\"}".getBytes(StandardCharsets.US_ASCII);
        roster.begin();
        roster.feed(ab, 0, ab.length);
        long first = roster.namesHash();
        roster.begin();
        roster.feed(ba, 0, ba.length);
        assertThat(roster.namesHash()).isEqualTo(first);
        roster.begin();
        roster.feed(other, 0, other.length);
        assertThat(roster.users()).isEqualTo(2);
        assertThat(roster.namesHash()).isNotEqualTo(first);
    }

    @Test
    void anEmptyMapHasNoUsers() {
        LabRoster roster = new LabRoster();
        assertThat(roster.users()).isEqualTo(-1);
        roster.begin();
        roster.feed("{}".getBytes(StandardCharsets.US_ASCII), 0, 2);
        assertThat(roster.users()).isZero();
    }
}
