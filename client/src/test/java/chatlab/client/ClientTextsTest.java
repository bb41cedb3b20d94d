package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientTextsTest {
    @Test
    void whatAServerAnsweredToAHelloSaysWhatItIs() {
        assertThat(ClientTexts.notV2("h", 1, "!{\"x\": \"1.2.3.4\"}")).isEqualTo(
                "the server at h port 1 speaks the lab wire (it sent \"!{\"x\": \"1.2.3.4\"}\"); run the client with --wire lab");
        assertThat(ClientTexts.notV2("h", 1, "HTTP/1.0 400 Bad request\r\n")).isEqualTo(
                "h port 1 is not a chat server: it answered \"HTTP/1.0 400 Bad request\" (a web server); check --server "
                        + "and --port");
        // Python's http.server takes the hello for an HTTP/0.9 request and answers with a bare HTML page.
        assertThat(ClientTexts.notV2("h", 1, "<!DOCTYPE HTML>\n<html lang=\"en\">")).startsWith(
                "h port 1 is not a chat server: it answered \"<!DOCTYPE HTML>\" (a web server)");
        assertThat(ClientTexts.notV2("h", 1, "220 smtp.example ESMTP\r\n")).isEqualTo("h port 1 is not a chatlab server: "
                + "it answered \"220 smtp.example ESMTP\"; check --server and --port (for a lab chat server, run the "
                + "client with --wire lab)");
    }

    @Test
    void reconnectLinesAreShortAndOnOneLine() {
        assertThat(ClientTexts.lostServer("the server closed\nthe connection", Duration.ofMillis(940)))
                .isEqualTo("lost the server (the server closed); trying again in 0.9 s");
        assertThat(ClientTexts.lostServer("Connection reset", Duration.ofMillis(500)))
                .isEqualTo("lost the server (connection reset); trying again in 0.5 s");
        assertThat(ClientTexts.stillNoServer(ClientTexts.REFUSED, 2, Duration.ofMillis(1830)))
                .isEqualTo("attempt 2: connection refused; trying again in 1.8 s");
    }

    @Test
    void noServerIsOneClauseWithAQuestionOnlyWhenRefused() {
        assertThat(ClientTexts.cannotConnect("localhost", 5001, ClientTexts.REFUSED, true))
                .isEqualTo("cannot connect to localhost port 5001 (connection refused); is chatlab server running there?");
        assertThat(ClientTexts.cannotConnect("example.org", 5000, "timed out after 5 s", false))
                .isEqualTo("cannot connect to example.org port 5000 (timed out after 5 s)");
    }
}
