package chatlab.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StampTest {
    @Test
    void isPaddedToThePayloadAndOpensAndClosesWithATilde() {
        byte[] text = Stamp.text(3, 1234, 20);
        assertThat(new String(text, StandardCharsets.US_ASCII)).isEqualTo("~3,1234,xxxxxxxxxxx~").hasSize(20);
    }

    @Test
    void aPayloadSmallerThanTheStampIsRaisedToIt() {
        assertThat(new String(Stamp.text(12, 5, 1), StandardCharsets.US_ASCII)).isEqualTo("~12,5,~");
        assertThat(Stamp.minimumLength(12, 5)).isEqualTo(7);
    }

    @Test
    void parsesAStampInsideOtherText() {
        byte[] line = "{\"type\":\"message\",\"from\":\"b3\",\"text\":\"~3,77,xxxx~\",\"seq\":9}".getBytes(StandardCharsets.UTF_8);
        long[] found = new long[2];
        assertThat(Stamp.parse(line, 0, line.length, found)).isTrue();
        assertThat(found).containsExactly(3, 77);
    }

    @Test
    void refusesWhatIsNotAStamp() {
        long[] found = new long[2];
        for (String text : new String[] {"no tilde", "~", "~x,1,~", "~1,~", "~1,2x", "~1;2,~", "~1,2"}) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            assertThat(Stamp.parse(bytes, 0, bytes.length, found)).as(text).isFalse();
        }
    }
}
