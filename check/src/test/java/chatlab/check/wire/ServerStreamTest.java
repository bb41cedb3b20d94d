package chatlab.check.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerStreamTest {
    private static ServerStream parse(String text) {
        return ServerStream.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMapAndARelayInOneRead() {
        ServerStream s = parse("!{\"alice\": \"10.20.30.21\"}bob: hi ");
        assertThat(s.maps()).hasSize(1);
        assertThat(s.maps().get(0).users()).isEqualTo(Map.of("alice", "10.20.30.21"));
        assertThat(s.maps().get(0).json()).isEqualTo("{\"alice\": \"10.20.30.21\"}");
        assertThat(s.textFrom(0)).isEqualTo("bob: hi ");
    }

    @Test
    void whitespaceAfterAMapIsItsPaddingAsJsonLoadsReadsIt() {
        ServerStream s = parse("!{\"a\": \"1.2.3.4\"}" + " ".repeat(10) + "\n!{}");
        assertThat(s.maps()).hasSize(2);
        assertThat(s.maps().get(0).after()).isEqualTo(" ".repeat(10) + "\n");
        assertThat(s.textFrom(0)).isEmpty();
        assertThat(s.lastMap().orElseThrow().users()).isEmpty();
    }

    @Test
    void escapedNamesAreDecodedAsJsonLoadsWould() {
        ServerStream s = parse("!{\"bj\\u00f8rn\": \"10.0.0.1\", \"\\ud83d\\ude00\": \"10.0.0.2\"}");
        assertThat(s.maps().get(0).users()).containsEntry("bjørn", "10.0.0.1").containsEntry("😀", "10.0.0.2");
    }

    @Test
    void aMapWithValuesThatAreNotStringsIsAMapThatSaysSo() {
        ServerStream s = parse("!{\"alice\": [\"10.0.0.1\", 40000]}");
        assertThat(s.maps().get(0).stringValues()).isFalse();
        assertThat(s.maps().get(0).users().get("alice")).isEqualTo("[\"10.0.0.1\",40000]");
    }

    @Test
    void aMapCutShortAndPythonsStrOfADictAreText() {
        assertThat(parse("!{\"alice\": \"10.0").maps()).isEmpty();
        assertThat(parse("!{'alice': '10.0.0.1'}").maps()).isEmpty();
        assertThat(parse("!{'alice': '10.0.0.1'}").textFrom(0)).isEqualTo("!{'alice': '10.0.0.1'}");
    }

    @Test
    void textFromAMarkKeepsOnlyWhatCameAfterItCountingBytes() {
        String first = "åsa: én ";
        ServerStream s = parse(first + "åsa: to ");
        assertThat(s.textFrom(first.getBytes(StandardCharsets.UTF_8).length)).isEqualTo("åsa: to ");
        assertThat(s.maps()).isEmpty();
    }
}
