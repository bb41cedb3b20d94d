package chatlab.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterTallyTest {
    private static final List<ClusterTally.Message> MESSAGES = List.of(
            new ClusterTally.Message("alice", "msg-alice-1.", 1_000),
            new ClusterTally.Message("bob", "msg-bob-2.", 2_000),
            new ClusterTally.Message("carol", "msg-carol-3.", 3_000),
            new ClusterTally.Message("bob", "msg-bob-10.", 4_000));

    @Test
    void countsDeliveredLostAndDoubledInBothWiresWordsAndTheSendersAcknowledgements() {
        List<String> v2 = List.of("12:00:01 alice: msg-alice-1. \u2713", "12:00:02 bob: msg-bob-2.",
                "12:00:03 bob: msg-bob-2.", "12:00:04 bob: msg-bob-10.");
        ClusterTally.Count alice = ClusterTally.count("alice", v2, MESSAGES, Optional.empty());
        assertThat(alice.said()).isEqualTo(1);
        assertThat(alice.acknowledged()).isEqualTo(1);
        assertThat(alice.expected()).isEqualTo(3);
        assertThat(alice.delivered()).isEqualTo(2);
        assertThat(alice.lost()).isEqualTo(1);
        assertThat(alice.doubled()).isEqualTo(1);
        assertThat(alice.unexpectedLost()).containsExactly("carol: msg-carol-3.");
        assertThat(alice.unexpectedDoubled()).containsExactly("bob: msg-bob-2.");

        // The lab client's words; msg-bob-1 would not be msg-bob-10 (the period ends the number).
        List<String> lab = List.of("incoming msg from chatserver (alice: msg-alice-1. )",
                "incoming msg from chatserver (bob: msg-bob-10. )");
        ClusterTally.Count carol = ClusterTally.count("carol", lab, MESSAGES, Optional.empty());
        assertThat(carol.said()).isEqualTo(1);
        assertThat(carol.acknowledged()).isZero();
        assertThat(carol.delivered()).isEqualTo(2);
        assertThat(carol.unexpectedLost()).containsExactly("bob: msg-bob-2.");
    }

    @Test
    void anExcuseCoversLossesFromItsTimeOnAndDoublesOnlyWhenItSaysSo() {
        List<String> output = List.of("12:00:01 alice: msg-alice-1.", "12:00:01 alice: msg-alice-1.");
        ClusterTally.Count strict = ClusterTally.count("dave", output, MESSAGES,
                Optional.of(new ClusterTally.Excuse(3_000, false, "its server was killed")));
        assertThat(strict.lost()).isEqualTo(3);
        // msg-bob-2 was said before the excuse's time: its loss is still a fault; the two after it are not.
        assertThat(strict.unexpectedLost()).containsExactly("bob: msg-bob-2.");
        assertThat(strict.unexpectedDoubled()).containsExactly("alice: msg-alice-1.");

        ClusterTally.Count lenient = ClusterTally.count("dave", output, MESSAGES,
                Optional.of(new ClusterTally.Excuse(0, true, "moved")));
        assertThat(lenient.lost()).isEqualTo(3);
        assertThat(lenient.doubled()).isEqualTo(1);
        assertThat(lenient.unexpectedLost()).isEmpty();
        assertThat(lenient.unexpectedDoubled()).isEmpty();
    }
}
