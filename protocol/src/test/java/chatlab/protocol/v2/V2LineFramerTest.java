package chatlab.protocol.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class V2LineFramerTest {
    /** Records what the framer reports, as text. */
    private static final class Recording implements V2LineFramer.Sink {
        final List<String> out = new ArrayList<>();

        @Override
        public void line(byte[] bytes, int offset, int length) {
            out.add("line " + new String(bytes, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void tooLong(int limitBytes) {
            out.add("too long " + limitBytes);
        }

        @Override
        public void endless(long discardedBytes, long limitBytes) {
            out.add("endless " + discardedBytes + " " + limitBytes);
        }
    }

    private final Recording sink = new Recording();

    private void feed(V2LineFramer framer, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        framer.feed(bytes, 0, bytes.length, sink);
    }

    @Test
    void linesInOneReadOrOneByteAtATimeAreTheSame() {
        String stream = "{\"a\":1}\r\n\n{\"b\":\"ø\"}\n{\"c\"";
        V2LineFramer whole = new V2LineFramer(64, 1024);
        feed(whole, stream);
        List<String> inOne = new ArrayList<>(sink.out);
        sink.out.clear();
        V2LineFramer bytewise = new V2LineFramer(64, 1024);
        for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
            bytewise.feed(new byte[] {b}, 0, 1, sink);
        }
        assertThat(sink.out).isEqualTo(inOne).containsExactly("line {\"a\":1}", "line ", "line {\"b\":\"ø\"}");
        assertThat(whole.pendingBytes()).isEqualTo(bytewise.pendingBytes()).isEqualTo(4);
    }

    @Test
    void aHalfLineHoldsABufferOfItsOwnSizeNotTheRead() {
        V2LineFramer framer = new V2LineFramer(16 * 1024, 1 << 20);
        byte[] read = new byte[64 * 1024];
        read[0] = '{';
        read[1] = '"';
        framer.feed(read, 0, 2, sink);
        assertThat(framer.pendingCapacity()).isEqualTo(2);
        feed(framer, "type\":\"ping\"}\n");
        assertThat(sink.out).containsExactly("line {\"type\":\"ping\"}");
        assertThat(framer.pendingCapacity()).isZero();
    }

    @Test
    void aLineOverTheLimitIsReportedWhenItPassesItAndTheNextLineIsRead() {
        V2LineFramer framer = new V2LineFramer(8, 1024);
        feed(framer, "123456789"); // no newline yet: 9 bytes may still be 8 and a '\r'
        assertThat(sink.out).isEmpty();
        feed(framer, "0");
        assertThat(sink.out).containsExactly("too long 8");
        feed(framer, "more and more\nnext\n12345678\r\n123456789\n");
        assertThat(sink.out).containsExactly("too long 8", "line next", "line 12345678", "too long 8");
    }

    @Test
    void aLineDiscardedPastTheDiscardLimitIsEndlessOnceAndNothingElseIsRead() {
        V2LineFramer framer = new V2LineFramer(8, 100);
        feed(framer, "x".repeat(50));
        feed(framer, "x".repeat(51));
        feed(framer, "x".repeat(50) + "\nlater\n");
        assertThat(sink.out).containsExactly("too long 8", "endless 101 100");
    }
}
