package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RosterDiffTest {
    private static Map<String, String> map(String... namesAndAddresses) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndAddresses.length; i += 2) {
            map.put(namesAndAddresses[i], namesAndAddresses[i + 1]);
        }
        return map;
    }

    @Test
    void joinsInTheNewOrderThenLeavesInTheOldOrder() {
        RosterDiff diff = RosterDiff.between(map("a", "1", "b", "2", "c", "3"), map("d", "4", "b", "2", "e", "5"));
        assertThat(diff.joined()).containsExactly(Map.entry("d", "4"), Map.entry("e", "5"));
        assertThat(diff.left()).containsExactly("a", "c");

        RecordingClientOutput out = new RecordingClientOutput();
        diff.show(out);
        assertThat(out.lines()).containsExactly("joined d 4", "joined e 5", "left a", "left c");
    }

    @Test
    void aMoveIsNeitherAJoinNorALeave() {
        RosterDiff diff = RosterDiff.between(map("a", "1"), map("a", "9"));
        assertThat(diff.joined()).isEmpty();
        assertThat(diff.left()).isEmpty();
    }
}
