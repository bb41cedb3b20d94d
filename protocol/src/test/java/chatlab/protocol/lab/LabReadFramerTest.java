package chatlab.protocol.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabReadFramerTest {
    private final List<LabInbound> out = new ArrayList<>();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Feeds everything in one read. */
    private List<LabInbound> oneRead(LabReadFramer framer, byte[] bytes) {
        framer.feed(bytes, 0, bytes.length, out::add);
        framer.endOfRead(out::add);
        return out;
    }

    /** Feeds everything in one read, then ends the stream. */
    private List<LabInbound> oneReadThenEnd(LabReadFramer framer, byte[] bytes) {
        oneRead(framer, bytes);
        framer.endOfStream(out::add);
        return out;
    }

    @Test
    void aReadWithoutNewlineIsOneMessageAsInTheLab() {
        assertThat(oneRead(new LabReadFramer(4096), utf8("hello there")))
                .containsExactly(new LabInbound.Line("hello there"));
    }

    @Test
    void newlinesSplitOneReadIntoSeveralMessagesAndCarriageReturnsAreDropped() {
        assertThat(oneReadThenEnd(new LabReadFramer(4096), utf8("alice\r\nfirst\n\nsecond\nthird")))
                .containsExactly(new LabInbound.Line("alice"), new LabInbound.Line("first"),
                        new LabInbound.Line("second"), new LabInbound.Line("third"));
    }

    @Test
    void bytesFedOneAtATimeWithinOneReadGiveTheSameMessages() {
        LabReadFramer framer = new LabReadFramer(4096);
        byte[] bytes = utf8("bøb\nhi 👋\nlast");
        for (byte b : bytes) {
            framer.feed(new byte[] {b}, 0, 1, out::add);
        }
        framer.endOfRead(out::add);
        assertThat(out).containsExactly(new LabInbound.Line("bøb"), new LabInbound.Line("hi 👋"));
        framer.endOfStream(out::add);
        assertThat(out).endsWith(new LabInbound.Line("last"));
        assertThat(framer.pendingBytes()).isZero();
    }

    @Test
    void aCharacterSplitAcrossReadsIsJoinedNeverBroken() {
        LabReadFramer framer = new LabReadFramer(4096);
        byte[] bytes = utf8("grüße 👋");
        for (byte b : bytes) {
            framer.feed(new byte[] {b}, 0, 1, out::add);
            framer.endOfRead(out::add); // every byte its own read
        }
        // Each read that ends on a whole character is a message (the lab's rule); none is ever cut inside one.
        assertThat(out).allSatisfy(m -> assertThat(m).isInstanceOf(LabInbound.Line.class));
        assertThat(String.join("", out.stream().map(m -> ((LabInbound.Line) m).text()).toList())).isEqualTo("grüße 👋");
        assertThat(framer.pendingBytes()).isZero();
    }

    @Test
    void aReadEndingInsideACharacterWaitsForTheRest() {
        LabReadFramer framer = new LabReadFramer(4096);
        byte[] bytes = utf8("€uro");
        framer.feed(bytes, 0, 2, out::add);
        framer.endOfRead(out::add);
        assertThat(out).isEmpty();
        assertThat(framer.pendingBytes()).isEqualTo(2);
        framer.feed(bytes, 2, bytes.length - 2, out::add);
        framer.endOfRead(out::add);
        assertThat(out).containsExactly(new LabInbound.Line("€uro"));
    }

    @Test
    void invalidUtf8IsReportedWithItsLengthAndNothingOfItIsKept() {
        byte[] bytes = {'o', 'k', (byte) 0xff, (byte) 0xfe, '\n', 'f', 'i', 'n', 'e'};
        assertThat(oneReadThenEnd(new LabReadFramer(4096), bytes))
                .containsExactly(new LabInbound.InvalidUtf8(4), new LabInbound.Line("fine"));
    }

    @Test
    void overlongEncodingsAndEncodedSurrogatesAreInvalid() {
        assertThat(oneRead(new LabReadFramer(64), new byte[] {(byte) 0xc0, (byte) 0xaf, '\n'}))
                .containsExactly(new LabInbound.InvalidUtf8(2));
        out.clear();
        assertThat(oneRead(new LabReadFramer(64), new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80, '\n'}))
                .containsExactly(new LabInbound.InvalidUtf8(3));
    }

    @Test
    void aMessageOverTheLimitIsDiscardedAndReportedOnceWithItsSize() {
        LabReadFramer framer = new LabReadFramer(10);
        byte[] big = utf8("x".repeat(25));
        framer.feed(big, 0, 5, out::add);
        framer.feed(big, 5, 20, out::add);
        framer.feed(utf8("\nshort\n"), 0, 7, out::add);
        framer.endOfRead(out::add);
        assertThat(out).containsExactly(new LabInbound.TooLong(25, 10), new LabInbound.Line("short"));
        assertThat(framer.pendingBytes()).isZero();
    }

    @Test
    void aMessageExactlyAtTheLimitPassesAndOneByteMoreDoesNot() {
        assertThat(oneRead(new LabReadFramer(5), utf8("12345\r\n"))).containsExactly(new LabInbound.Line("12345"));
        out.clear();
        assertThat(oneRead(new LabReadFramer(5), utf8("123456"))).containsExactly(new LabInbound.TooLong(6, 5));
    }

    @Test
    void afterTheFirstNewlineOnlyNewlinesEndMessagesSoLongLinesSurviveSplitReads() {
        LabReadFramer framer = new LabReadFramer(4096);
        oneRead(framer, utf8("alice\nhalf a "));
        assertThat(out).containsExactly(new LabInbound.Line("alice"));
        assertThat(framer.lineMode()).isTrue();
        oneRead(framer, utf8("line\nand an unterminated tail"));
        assertThat(out).containsExactly(new LabInbound.Line("alice"), new LabInbound.Line("half a line"));
        framer.endOfStream(out::add);
        assertThat(out).endsWith(new LabInbound.Line("and an unterminated tail"));
    }

    @Test
    void theEndOfTheStreamReportsACharacterCutShortAsInvalid() {
        LabReadFramer framer = new LabReadFramer(4096);
        oneRead(framer, new byte[] {'h', 'i', (byte) 0xf0, (byte) 0x9f});
        assertThat(out).isEmpty();
        framer.endOfStream(out::add);
        assertThat(out).containsExactly(new LabInbound.InvalidUtf8(4));
    }

    @Test
    void aTooLongMessageWithoutNewlineEndsAtTheEndOfTheRead() {
        LabReadFramer framer = new LabReadFramer(4);
        oneRead(framer, utf8("abcdefgh"));
        framer.feed(utf8("next"), 0, 4, out::add);
        framer.endOfRead(out::add);
        assertThat(out).containsExactly(new LabInbound.TooLong(8, 4), new LabInbound.Line("next"));
    }

    @Test
    void inLineModeALineIsReportedAsItPassesTheLimitAndAPauseEndsIt() {
        LabReadFramer framer = new LabReadFramer(10, 10, 1000);
        oneRead(framer, utf8("alice\n"));
        out.clear();
        oneRead(framer, utf8("x".repeat(12)));
        assertThat(out).containsExactly(new LabInbound.LineTooLong(10));
        assertThat(framer.midMessage()).isTrue();
        assertThat(framer.pendingBytes()).isZero();
        oneRead(framer, utf8("x".repeat(50)));
        framer.endOfPause(out::add); // the sender paused: the long line is over, and was reported already
        assertThat(framer.midMessage()).isFalse();
        oneRead(framer, utf8("valid\n"));
        assertThat(out).containsExactly(new LabInbound.LineTooLong(10), new LabInbound.Line("valid"));
    }

    @Test
    void aLineDiscardedPastTheDiscardLimitIsEndlessOnceAndNothingElseCounts() {
        LabReadFramer framer = new LabReadFramer(10, 10, 100);
        oneRead(framer, utf8("alice\n" + "y".repeat(60)));
        oneRead(framer, utf8("y".repeat(41)));
        oneRead(framer, utf8("y\nafter\n"));
        framer.endOfStream(out::add);
        assertThat(out).containsExactly(new LabInbound.Line("alice"), new LabInbound.LineTooLong(10),
                new LabInbound.EndlessLine(101, 100));
    }

    @Test
    void theFirstMessageHasItsOwnLimit() {
        LabReadFramer framer = new LabReadFramer(4, 8, 1000);
        oneRead(framer, utf8("eightchr"));
        oneRead(framer, utf8("five!"));
        oneRead(framer, utf8("four"));
        assertThat(out).containsExactly(new LabInbound.Line("eightchr"), new LabInbound.TooLong(5, 4),
                new LabInbound.Line("four"));
        out.clear();
        assertThat(oneRead(new LabReadFramer(4, 8, 1000), utf8("ninechars"))).containsExactly(new LabInbound.TooLong(9, 8));
    }
}
