package chatlab.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.lab.LabInbound;
import chatlab.protocol.lab.LabReadFramer;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the lab framer with arbitrary bytes cut into arbitrary reads. Without JAZZER_FUZZ it replays the committed
 * corpus (src/test/resources/.../LabReadFramerFuzzTestInputs); with JAZZER_FUZZ=1 it searches for new inputs.
 */
class LabReadFramerFuzzTest {
    private static final int LIMIT = 64;
    private static final int FIRST_LIMIT = 128;
    private static final long DISCARD_LIMIT = 1024;

    @FuzzTest(maxDuration = "20s")
    void neverThrowsNeverGrowsAndNeverBreaksACharacter(FuzzedDataProvider data) {
        LabReadFramer framer = new LabReadFramer(LIMIT, FIRST_LIMIT, DISCARD_LIMIT);
        List<LabInbound> out = new ArrayList<>();
        while (data.remainingBytes() > 0) {
            byte[] read = data.consumeBytes(data.consumeInt(1, 200));
            int split = read.length == 0 ? 0 : data.consumeInt(0, read.length);
            framer.feed(read, 0, split, out::add);
            framer.feed(read, split, read.length - split, out::add);
            if (data.consumeBoolean()) {
                framer.endOfRead(out::add);
            }
            if (data.consumeBoolean() && framer.lineMode()) {
                framer.endOfPause(out::add);
            }
            assertThat(framer.pendingBytes()).isLessThanOrEqualTo(FIRST_LIMIT + 1);
        }
        framer.endOfStream(out::add);
        assertThat(framer.pendingBytes()).isZero();
        for (int i = 0; i < out.size(); i++) {
            LabInbound inbound = out.get(i);
            int limit = i == 0 ? FIRST_LIMIT : LIMIT;
            if (inbound instanceof LabInbound.Line line) {
                assertThat(line.text()).isNotEmpty().doesNotContain("\n");
                assertThat(line.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(limit);
            } else if (inbound instanceof LabInbound.TooLong tooLong) {
                assertThat(tooLong.byteCount()).isGreaterThan(tooLong.limitBytes());
                assertThat(tooLong.limitBytes()).isEqualTo(limit);
            } else if (inbound instanceof LabInbound.LineTooLong tooLong) {
                assertThat(tooLong.limitBytes()).isEqualTo(limit);
            } else if (inbound instanceof LabInbound.EndlessLine endless) {
                assertThat(endless.discardedBytes()).isGreaterThan(DISCARD_LIMIT);
                assertThat(i).as("nothing after an endless line").isEqualTo(out.size() - 1);
            } else if (inbound instanceof LabInbound.InvalidUtf8 invalid) {
                assertThat(invalid.byteCount()).isPositive();
            }
        }
    }
}
