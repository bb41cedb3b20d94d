package chatlab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedLineTest {
    private static final byte[] TEN = "0123456789".getBytes(StandardCharsets.US_ASCII);

    @Test
    void holdsUpToTheLimitPlusOneInABufferSizedToWhatItHolds() {
        BoundedLine line = new BoundedLine(100, 0);
        assertThat(line.add(TEN, 0, 2, 8)).isZero();
        assertThat(line.capacity()).isEqualTo(2);
        assertThat(line.add(TEN, 2, 7, 8)).isZero();
        assertThat(line.length()).isEqualTo(9);
        assertThat(new String(line.bytes(), 0, line.length(), StandardCharsets.US_ASCII)).isEqualTo("012345678");
        line.endAndRelease();
        assertThat(line.capacity()).isZero();
    }

    @Test
    void pastTheLimitItDiscardsAndCountsThenPastTheDiscardLimitItIsEndlessOnce() {
        BoundedLine line = new BoundedLine(25, 4);
        assertThat(line.add(TEN, 0, 10, 8)).isEqualTo(BoundedLine.PASSED_LIMIT);
        assertThat(line.discarding()).isTrue();
        assertThat(line.capacity()).as("nothing held while discarding").isZero();
        assertThat(line.add(TEN, 0, 10, 8)).isZero();
        assertThat(line.add(TEN, 0, 10, 8)).isEqualTo(BoundedLine.BECAME_ENDLESS);
        assertThat(line.discardedBytes()).isEqualTo(30);
        assertThat(line.add(TEN, 0, 10, 8)).isZero();
        assertThat(line.discardWhole(1000)).isZero();
        assertThat(line.endless()).isTrue();
    }

    @Test
    void endKeepsTheBufferForTheNextLine() {
        BoundedLine line = new BoundedLine(100, 256);
        line.add(TEN, 0, 3, 4096);
        assertThat(line.capacity()).isEqualTo(256);
        line.end();
        assertThat(line.length()).isZero();
        assertThat(line.capacity()).isEqualTo(256);
        assertThat(line.discardWhole(101)).isEqualTo(BoundedLine.BECAME_ENDLESS);
    }
}
