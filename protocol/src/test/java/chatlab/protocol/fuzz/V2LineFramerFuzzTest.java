package chatlab.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.V2LineFramer;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the v2 line framer with arbitrary bytes cut into arbitrary reads: it never throws, never holds more than a
 * line, and reports the same lines however the reads fall. Replays the committed corpus unless JAZZER_FUZZ=1.
 */
class V2LineFramerFuzzTest {
    private static final int LIMIT = 64;
    private static final long DISCARD_LIMIT = 1024;

    /** Everything reported, as one comparable list. */
    private static final class Recording implements V2LineFramer.Sink {
        final List<String> out = new ArrayList<>();

        @Override
        public void line(byte[] bytes, int offset, int length) {
            assertThat(length).isLessThanOrEqualTo(LIMIT);
            for (int i = offset; i < offset + length; i++) {
                assertThat(bytes[i]).isNotEqualTo((byte) '\n');
            }
            out.add("line " + java.util.Arrays.toString(java.util.Arrays.copyOfRange(bytes, offset, offset + length)));
        }

        @Override
        public void tooLong(int limitBytes) {
            out.add("too long");
        }

        @Override
        public void endless(long discardedBytes, long limitBytes) {
            assertThat(discardedBytes).isGreaterThan(DISCARD_LIMIT);
            out.add("endless");
        }
    }

    @FuzzTest(maxDuration = "20s")
    void neverThrowsNeverGrowsAndReadsTheSameHoweverTheReadsFall(FuzzedDataProvider data) {
        V2LineFramer cut = new V2LineFramer(LIMIT, DISCARD_LIMIT);
        Recording inReads = new Recording();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (data.remainingBytes() > 0) {
            byte[] read = data.consumeBytes(data.consumeInt(1, 200));
            cut.feed(read, 0, read.length, inReads);
            all.write(read, 0, read.length);
            assertThat(cut.pendingCapacity()).isLessThanOrEqualTo(LIMIT + 1);
        }
        Recording whole = new Recording();
        byte[] bytes = all.toByteArray();
        new V2LineFramer(LIMIT, DISCARD_LIMIT).feed(bytes, 0, bytes.length, whole);
        assertThat(inReads.out).isEqualTo(whole.out);
        if (inReads.out.contains("endless")) {
            assertThat(inReads.out).endsWith("endless");
        }
    }
}
