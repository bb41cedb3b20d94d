package chatlab.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What ngIRCd 26 sent a bench client (captured), fed all at once, byte by byte and in pieces. */
class IrcScannerTest {
    /** Registration, MOTD, the JOIN's echo and NAMES reply, others' JOINs, relays, a PING. */
    static final String SESSION = ""
            + ":bench.chatlab.test 001 b0 :Welcome to the Internet Relay Network b0!~b0@127.0.0.1\r\n"
            + ":bench.chatlab.test 005 b0 RFC2812 IRCD=ngIRCd CHARSET=UTF-8 PREFIX=(qaohv)~&@%+ :are supported\r\n"
            + ":bench.chatlab.test 375 b0 :- bench.chatlab.test message of the day\r\n"
            + ":bench.chatlab.test 372 b0 :- chatlab bench\r\n"
            + ":bench.chatlab.test 376 b0 :End of MOTD command\r\n"
            + ":b0!~b0@127.0.0.2 JOIN :#bench\r\n"
            + ":bench.chatlab.test 353 b0 = #bench :@b0\r\n"
            + ":bench.chatlab.test 366 b0 #bench :End of NAMES list\r\n"
            + ":b1!~b1@127.0.0.2 JOIN :#bench\r\n"
            + ":b1!~b1@127.0.0.2 PRIVMSG #bench :~1,0,xxxxxxxxxx~\r\n"
            + "PING :bench.chatlab.test\r\n"
            + ":b1!~b1@127.0.0.2 PRIVMSG #bench :~1,1,xx~\r\n"
            + ":b12!~b12@127.0.0.3 privmsg #bench :~12,7,~\n"; // lower case, LF alone: taken too

    static Stream<Arguments> feeds() {
        return Stream.of(
                Arguments.of("all at once", (BiConsumer<WireScanner, byte[]>) ScannerFeed::allAtOnce),
                Arguments.of("byte by byte", (BiConsumer<WireScanner, byte[]>) ScannerFeed::byteByByte),
                Arguments.of("in pieces of 7", (BiConsumer<WireScanner, byte[]>) (s, b) -> ScannerFeed.inPieces(s, b, 7)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("feeds")
    void findsTheWelcomeTheJoinTheRelaysAndThePing(String how, BiConsumer<WireScanner, byte[]> feed) {
        RecordingInbound inbound = new RecordingInbound();
        feed.accept(new IrcScanner(inbound), ScannerFeed.bytes(SESSION));
        assertThat(inbound.welcomes).isEqualTo(1);
        assertThat(inbound.subscriptions).as("the end of the NAMES reply to its own JOIN").isEqualTo(1);
        assertThat(inbound.messages).containsExactly("1/0", "1/1", "12/7");
        assertThat(inbound.pings).containsExactly("bench.chatlab.test");
        assertThat(inbound.errors).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("feeds")
    void refusalsAndBrokenLinesAreErrorsAndReadingGoesOn(String how, BiConsumer<WireScanner, byte[]> feed) {
        RecordingInbound inbound = new RecordingInbound();
        String tooLong = ":b1!~b1@h PRIVMSG #bench :~1,0," + "x".repeat(600) + "~\r\n";
        feed.accept(new IrcScanner(inbound), ScannerFeed.bytes(""
                + ":bench.chatlab.test 433 * b0 :Nickname already in use\r\n"
                + ":b1!~b1@h PRIVMSG #bench :hello\r\n"
                + tooLong
                + ":b1!~b1@h PRIVMSG #bench :~1,2,x~\r\n"
                + "ERROR :Closing connection\r\n"));
        assertThat(inbound.errors).containsExactly(
                "irc 433: :bench.chatlab.test 433 * b0 :Nickname already in use",
                "garbled: a PRIVMSG without a bench stamp: :b1!~b1@h PRIVMSG #bench :hello",
                "garbled: a line longer than 510 bytes",
                "irc ERROR!: ERROR :Closing connection");
        assertThat(inbound.messages).as("the line after the long one is read").containsExactly("1/2");
    }
}
