package chatlab.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BiConsumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What Redis 7.0 sent a bench client in RESP3 (captured), fed all at once, byte by byte and in pieces. */
class RespScannerTest {
    /** HELLO 3's map (with a nested empty array), the subscribe push, messages, PUBLISH's count. */
    static final String SESSION = ""
            + "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n"
            + "$2\r\nid\r\n:3\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
            + "$7\r\nmodules\r\n*0\r\n"
            + ">3\r\n$9\r\nsubscribe\r\n$5\r\nbench\r\n:1\r\n"
            + ">3\r\n$7\r\nmessage\r\n$5\r\nbench\r\n$14\r\n~1,0,xxxxxxxx~\r\n"
            + ":20\r\n"
            + "*3\r\n$7\r\nmessage\r\n$5\r\nbench\r\n$8\r\n~2,5,\r\nx\r\n" // RESP2's array; CRLF inside, read by length
            + ">3\r\n$7\r\nmessage\r\n$5\r\nbench\r\n$7\r\n~1,1,x~\r\n";

    @ParameterizedTest(name = "{0}")
    @MethodSource("chatlab.bench.load.IrcScannerTest#feeds")
    void findsTheSubscriptionAndTheMessages(String how, BiConsumer<WireScanner, byte[]> feed) {
        RecordingInbound inbound = new RecordingInbound();
        feed.accept(new RespScanner(inbound), ScannerFeed.bytes(SESSION));
        assertThat(inbound.subscriptions).isEqualTo(1);
        assertThat(inbound.messages).containsExactly("1/0", "2/5", "1/1");
        assertThat(inbound.errors).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chatlab.bench.load.IrcScannerTest#feeds")
    void aMessageIsOnlyTheThirdElementOfAMessagePushAtTheTop(String how, BiConsumer<WireScanner, byte[]> feed) {
        RecordingInbound inbound = new RecordingInbound();
        feed.accept(new RespScanner(inbound), ScannerFeed.bytes(""
                + "*2\r\n*3\r\n$7\r\nmessage\r\n$5\r\nbench\r\n$6\r\n~1,0,~\r\n$1\r\nx\r\n" // nested: not a push
                + ">4\r\n$8\r\npmessage\r\n$1\r\n*\r\n$5\r\nbench\r\n$6\r\n~1,1,~\r\n" // another kind
                + "$6\r\n~1,2,~\r\n" // a top-level string
                + "*-1\r\n$-1\r\n_\r\n#t\r\n,1.5\r\n(12345678901234567890\r\n+OK\r\n"
                + "|1\r\n+key\r\n+value\r\n"
                + "*3\r\n$7\r\nMESSAGE\r\n$5\r\nbench\r\n$6\r\n~1,3,~\r\n"));
        assertThat(inbound.messages).containsExactly("1/3");
        assertThat(inbound.subscriptions).isZero();
        assertThat(inbound.errors).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chatlab.bench.load.IrcScannerTest#feeds")
    void errorsAreRefusalsAndBrokenFramesAreReported(String how, BiConsumer<WireScanner, byte[]> feed) {
        RecordingInbound inbound = new RecordingInbound();
        feed.accept(new RespScanner(inbound), ScannerFeed.bytes(""
                + "-ERR unknown command 'HELLO'\r\n"
                + "!21\r\nSYNTAX invalid syntax\r\n"
                + ">3\r\n$7\r\nmessage\r\n$5\r\nbench\r\n$5\r\nhello\r\n"
                + "?what\r\n"
                + "$x\r\n"
                + ">3\r\n$7\r\nmessage\r\n$5\r\nbench\r\n$6\r\n~1,4,~\r\n"));
        assertThat(inbound.errors).containsExactly(
                "redis error: ERR unknown command 'HELLO'",
                "redis error: SYNTAX invalid syntax",
                "garbled: a message without a bench stamp: hello",
                "garbled: an unknown type '?': ?what",
                "garbled: a blob length that is not one: $x");
        assertThat(inbound.messages).containsExactly("1/4");
    }
}
