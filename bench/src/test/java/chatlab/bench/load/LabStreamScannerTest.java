package chatlab.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Crafted byte sequences, cut into reads in different ways. */
class LabStreamScannerTest {
    private final RecordingInbound inbound = new RecordingInbound();
    private final LabStreamScanner scanner = new LabStreamScanner(inbound);

    private void read(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        scanner.read(bytes, 0, bytes.length);
    }

    @Test
    void oneMessagePerReadIsNeitherMergedNorSplit() {
        read("b1: ~1,0,xxxx~ ");
        read("b2: ~2,0,xxxx~ ");
        assertThat(inbound.messages).containsExactly("1/0", "2/0");
        assertThat(scanner.merged()).isZero();
        assertThat(scanner.sharedRead()).isZero();
        assertThat(scanner.split()).isZero();
    }

    @Test
    void relaysInOneReadShareItButAreNotMerged() {
        read("b1: ~1,0,xx~ b2: ~2,0,xx~ b1: ~1,1,xx~ ");
        assertThat(inbound.messages).containsExactly("1/0", "2/0", "1/1");
        assertThat(scanner.sharedRead()).isEqualTo(3);
        assertThat(scanner.merged()).as("each has its own relay").isZero();
        assertThat(scanner.split()).isZero();
    }

    @Test
    void aMessageCutAcrossReadsIsSplitAndCountedOnce() {
        read("b1: ~1,4");
        read("2,xxx");
        read("xx~ ");
        assertThat(inbound.messages).containsExactly("1/42");
        assertThat(scanner.split()).isEqualTo(1);
        assertThat(scanner.sharedRead()).isZero();
    }

    @Test
    void theTailOfASplitMessageAndTheNextOneInOneReadAreBothMergedOnce() {
        read("b1: ~1,0,xx");
        read("x~ b2: ~2,0,x~ b2: ~2,1,");
        read("x~ ");
        assertThat(inbound.messages).containsExactly("1/0", "2/0", "2/1");
        assertThat(scanner.split()).isEqualTo(2);
        // read 2 holds parts of 1/0, 2/0 and 2/1; read 3 only the rest of 2/1, already counted
        assertThat(scanner.sharedRead()).isEqualTo(3);
        assertThat(scanner.merged()).isZero();
    }

    @Test
    void twoMessagesSentInOneRelayByTheServerAreBothFoundAndTheSecondIsMerged() {
        read("b1: ~1,0,xx~~1,1,xx~ ");
        assertThat(inbound.messages).containsExactly("1/0", "1/1");
        assertThat(scanner.merged()).isEqualTo(1);
        assertThat(scanner.sharedRead()).isEqualTo(2);
        // also when the relay is cut right between the two
        read("b2: ~2,0,xx~");
        read("~2,1,xx~ ");
        assertThat(scanner.merged()).isEqualTo(2);
    }

    @Test
    void userMapsAreCountedAsPresenceAndTheirUsersReported() {
        String map = "!{\"b0\": \"127.0.0.2\", \"b1\": \"127.0.0.2\", \"b2\": \"127.0.0.3\"}";
        read(map + "b1: ~1,0,x~ ");
        assertThat(inbound.rosters).containsExactly(3);
        assertThat(inbound.presenceBytes).isEqualTo(map.length());
        assertThat(inbound.messages).containsExactly("1/0");
        assertThat(scanner.sharedRead()).as("a map is not a message").isZero();
    }

    @Test
    void aMapCutAcrossReadsEvenRightAfterItsBangIsWholeOnce() {
        read("b1: ~1,0,x~ !");
        read("{\"b0\": \"127.0.");
        read("0.2\"}");
        assertThat(inbound.rosters).containsExactly(1);
        assertThat(inbound.presenceBytes).isEqualTo("!{\"b0\": \"127.0.0.2\"}".length());
    }

    @Test
    void fedOneByteAtATimeEverythingIsFoundAndEveryMessageIsSplit() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes("!{\"b0\": \"127.0.0.2\", \"b1\": \"127.0.0.2\"}".getBytes(StandardCharsets.US_ASCII));
        for (int seq = 0; seq < 5; seq++) {
            stream.writeBytes(("b0: " + new String(Stamp.text(0, seq, 30), StandardCharsets.US_ASCII) + " ")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        byte[] bytes = stream.toByteArray();
        for (int i = 0; i < bytes.length; i++) {
            scanner.read(bytes, i, 1);
        }
        assertThat(inbound.messages).containsExactly("0/0", "0/1", "0/2", "0/3", "0/4");
        assertThat(inbound.rosters).containsExactly(2);
        assertThat(scanner.split()).isEqualTo(5);
        assertThat(scanner.merged()).isZero();
        assertThat(scanner.sharedRead()).isZero();
    }

    @Test
    void aServerNoticeIsReportedWithItsText() {
        read("server: cannot register: the name \"b1\" is taken; reconnect with another name ");
        assertThat(inbound.errors).containsExactly(
                "notice: cannot register: the name \"b1\" is taken; reconnect with another name");
    }

    @Test
    void aTildeThatStartsNoStampIsSkippedAndTheScannerPicksUpAtTheNextOne() {
        read("b1: ~what~1,3,x~ ");
        assertThat(scanner.garbled()).isEqualTo(1);
        assertThat(inbound.messages).containsExactly("1/3");
    }
}
