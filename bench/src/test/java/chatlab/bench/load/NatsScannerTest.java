package chatlab.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BiConsumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What nats-server 2.9 sent a bench client (captured), fed all at once, byte by byte and in pieces. */
class NatsScannerTest {
    static final String SESSION = ""
            + "INFO {\"server_id\":\"NDGX\",\"version\":\"2.9.10\",\"proto\":1,\"headers\":true,"
            + "\"max_payload\":1048576,\"client_id\":5,\"client_ip\":\"127.0.0.1\"} \r\n"
            + "PONG\r\n"
            + "MSG bench 1 14\r\n~1,0,xxxxxxxx~\r\n"
            + "PING\r\n"
            + "MSG bench 1 _INBOX.reply 7\r\n~3,9,x~\r\n" // with a reply subject
            + "PONG\r\n" // a later PONG is not a second subscription
            + "+OK\r\n"
            + "msg bench 1 8\r\n~2,5,\r\nx\r\n"; // a payload holding CRLF is read by its length

    @ParameterizedTest(name = "{0}")
    @MethodSource("chatlab.bench.load.IrcScannerTest#feeds")
    void findsTheSubscriptionTheMessagesAndThePing(String how, BiConsumer<WireScanner, byte[]> feed) {
        RecordingInbound inbound = new RecordingInbound();
        feed.accept(new NatsScanner(inbound), ScannerFeed.bytes(SESSION));
        assertThat(inbound.subscriptions).isEqualTo(1);
        assertThat(inbound.messages).containsExactly("1/0", "3/9", "2/5");
        assertThat(inbound.pings).containsExactly("");
        assertThat(inbound.errors).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chatlab.bench.load.IrcScannerTest#feeds")
    void refusalsAndBrokenFramesAreErrorsAndReadingGoesOn(String how, BiConsumer<WireScanner, byte[]> feed) {
        RecordingInbound inbound = new RecordingInbound();
        feed.accept(new NatsScanner(inbound), ScannerFeed.bytes(""
                + "-ERR 'Maximum Payload Violation'\r\n"
                + "MSG bench 1 5\r\nhello\r\n"
                + "MSG bench 1\r\n"
                + "MSG bench 1 6\r\n~1,0,~XY"
                + "WHAT\r\n"
                + "MSG bench 1 " + (NatsScanner.MAX_PAYLOAD_BYTES + 1) + "\r\n" + "x".repeat(NatsScanner.MAX_PAYLOAD_BYTES + 1)
                + "\r\nMSG bench 1 6\r\n~1,1,~\r\n"));
        assertThat(inbound.errors).containsExactly(
                "nats -ERR: -ERR 'Maximum Payload Violation'",
                "garbled: a MSG without a bench stamp: hello",
                "garbled: a MSG line without its size: MSG bench 1",
                "garbled: a body of 6 bytes not followed by CRLF",
                "garbled: an unknown operation: WHAT",
                "garbled: a body of 65537 bytes, over the limit of 65536");
        assertThat(inbound.messages).containsExactly("1/0", "1/1");
    }
}
