package chatlab.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamReassemblerTest {
    private final List<String> out = new ArrayList<>();
    private final StreamReassembler r = new StreamReassembler(new StreamReassembler.Sink() {
        @Override
        public void message(byte[] bytes, long frame, long nanos) {
            out.add(frame + ":" + new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public void gap(long missing, long frame, long nanos) {
            out.add("gap " + missing);
        }
    }, new ChatBudget(64 << 20), (asking, frame, nanos) -> asking.giveUpWaiting(frame, nanos));

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void retransmissionsAndOverlapsAreDeliveredOnce() {
        r.synSeen(-3); // the stream starts at -2 and wraps past 2^32
        r.segment(-2, b("hel"), false, 1, 0);
        r.segment(-2, b("hel"), false, 2, 0); // retransmission
        r.segment(0, b("llo "), true, 3, 0); // overlaps one byte
        r.segment(2, b("o "), true, 4, 0); // entirely old
        assertThat(out).containsExactly("1:hello ");
    }

    @Test
    void earlySegmentsWaitForTheHole() {
        r.synSeen(99);
        r.segment(105, b("world"), true, 2, 0);
        assertThat(out).isEmpty();
        r.segment(100, b("hello"), true, 3, 0);
        assertThat(out).containsExactly("3:hello", "2:world");
    }

    @Test
    void aHoleThatNeverFillsIsReportedAtTheEnd() {
        r.synSeen(0);
        r.segment(1, b("a"), true, 1, 0);
        r.segment(10, b("b"), true, 2, 0);
        r.finish();
        assertThat(out).containsExactly("1:a", "gap 8", "2:b");
    }

    @Test
    void labWireHelpers() {
        assertThat(LabUserMap.end("!{\"a\": \"}\"}bob: hi ", 1)).isEqualTo(11);
        assertThat(LabUserMap.parse("{\"alice\": \"10.0.0.1\", \"b\\u00f8b\": \"::1\"}"))
                .isEqualTo(Map.of("alice", "10.0.0.1", "bøb", "::1"));
        assertThat(LabUserMap.parse("{\"a\": 1}")).isEmpty();
        assertThat(ChatRecorder.text(new byte[] {(byte) 0xFF, 0x41})).isEqualTo("[2 bytes, not UTF-8]");
    }
}
