package chatlab.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginCheckTest {
    private final OriginCheck own = new OriginCheck(List.of());

    @Test
    void originsAreWrittenOneWay() {
        assertThat(OriginCheck.canonical("HTTP://Chat.Example.org")).isEqualTo("http://chat.example.org:80");
        assertThat(OriginCheck.canonical("https://chat.example.org/")).isEqualTo("https://chat.example.org:443");
        assertThat(OriginCheck.canonical("http://127.0.0.1:5000")).isEqualTo("http://127.0.0.1:5000");
        assertThat(OriginCheck.canonical("http://[::1]:5000")).isEqualTo("http://[::1]:5000");
    }

    @Test
    void whatIsNoOriginIsRefusedWithTheSentence() {
        for (String text : new String[] {"null", "chat.example.org", "ftp://x.org", "https://x.org/path",
                "https://user@x.org", "https://x.org?q", "file:///tmp/x.html", ""}) {
            assertThatThrownBy(() -> OriginCheck.canonical(text)).as(text)
                    .hasMessage("'" + text + "' is not a web origin: write scheme://host[:port], e.g. "
                            + "https://chat.example.org:8443");
        }
    }

    @Test
    void thePageOfThisServerMayConnect() {
        assertThat(own.allows("http://127.0.0.1:5000", "127.0.0.1:5000", false)).isTrue();
        assertThat(own.allows("http://LOCALHOST:5000", "localhost:5000", false)).isTrue();
        assertThat(own.allows("https://chat.example.org", "chat.example.org:443", true)).isTrue();
        assertThat(own.allows("http://[::1]:5000", "[::1]:5000", false)).isTrue();
    }

    @Test
    void anotherSiteMayNot() {
        assertThat(own.allows("http://evil.example", "127.0.0.1:5000", false)).isFalse();
        assertThat(own.allows("http://127.0.0.1:5001", "127.0.0.1:5000", false)).isFalse();
        assertThat(own.allows("http://localhost:5000", "127.0.0.1:5000", false)).isFalse();
        // the same host over the other scheme is another origin
        assertThat(own.allows("http://chat.example.org:443", "chat.example.org:443", true)).isFalse();
        assertThat(own.allows("null", "127.0.0.1:5000", false)).isFalse();
        assertThat(own.allows("http://127.0.0.1:5000", null, false)).isFalse();
        assertThat(own.allows("http://127.0.0.1:5000", "127.0.0.1:5000/../x", false)).isFalse();
    }

    @Test
    void aRequestWithoutOriginIsAProgramAndMayConnect() {
        assertThat(own.allows(null, "127.0.0.1:5000", false)).isTrue();
    }

    @Test
    void configuredOriginsMayConnectToo() {
        OriginCheck check = new OriginCheck(List.of(OriginCheck.canonical("https://chat.example.org")));
        assertThat(check.allows("https://chat.example.org:443", "10.0.0.5:5000", false)).isTrue();
        assertThat(check.allows("https://other.example.org", "10.0.0.5:5000", false)).isFalse();
    }
}
