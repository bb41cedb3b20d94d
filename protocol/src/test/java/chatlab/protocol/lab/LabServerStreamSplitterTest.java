package chatlab.protocol.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabServerStreamSplitterTest {
    private final List<LabServerEvent> out = new ArrayList<>();

    private static Map<String, String> users(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private void feed(LabServerStreamSplitter splitter, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        splitter.feed(bytes, 0, bytes.length, out::add);
    }

    @Test
    void aMapAndMessagesInOneReadAreSplit() {
        LabServerStreamSplitter splitter = new LabServerStreamSplitter(1 << 20);
        feed(splitter, "!{\"alice\": \"10.0.0.1\"}bob: hi !{\"alice\": \"10.0.0.1\", \"b\\u00f8b\": \"10.0.0.2\"}");
        assertThat(out).containsExactly(
                new LabServerEvent.UserMap(users("alice", "10.0.0.1")),
                new LabServerEvent.Text("bob: hi "),
                new LabServerEvent.UserMap(users("alice", "10.0.0.1", "bøb", "10.0.0.2")));
        assertThat(splitter.pendingBytes()).isZero();
    }

    @Test
    void byteAtATimeGivesTheSameMapsAndText() {
        LabServerStreamSplitter splitter = new LabServerStreamSplitter(1 << 20);
        byte[] bytes = "!{\"\\ud83d\\udc4b\": \"::1\"}".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            splitter.feed(new byte[] {b}, 0, 1, out::add);
        }
        assertThat(out).containsExactly(new LabServerEvent.UserMap(users("👋", "::1")));
    }

    @Test
    void aMapCutAcrossReadsWaitsForItsEnd() {
        LabServerStreamSplitter splitter = new LabServerStreamSplitter(1 << 20);
        feed(splitter, "!{\"alice\": \"10.0");
        assertThat(out).isEmpty();
        feed(splitter, ".0.1\"}");
        assertThat(out).containsExactly(new LabServerEvent.UserMap(users("alice", "10.0.0.1")));
    }

    @Test
    void textThatMerelyContainsAnExclamationMarkIsText() {
        LabServerStreamSplitter splitter = new LabServerStreamSplitter(1 << 20);
        feed(splitter, "alice: wow! {not json} ");
        feed(splitter, "!not a map");
        assertThat(out).containsExactly(new LabServerEvent.Text("alice: wow! {not json} "),
                new LabServerEvent.Text("!not a map"));
    }

    @Test
    void aMapTypedInsideAMessageIsText() {
        LabServerStreamSplitter splitter = new LabServerStreamSplitter(1 << 20);
        feed(splitter, "mallory: look !{\"alice\": \"10.6.6.6\"} ");
        assertThat(out).containsExactly(new LabServerEvent.Text("mallory: look !{\"alice\": \"10.6.6.6\"} "));
    }

    @Test
    void aMapBetweenTwoRelaysInOneReadIsStillAMap() {
        LabServerStreamSplitter splitter = new LabServerStreamSplitter(1 << 20);
        feed(splitter, "bob: one !{\"bob\": \"10.0.0.2\"}bob: two ");
        assertThat(out).containsExactly(new LabServerEvent.Text("bob: one "),
                new LabServerEvent.UserMap(users("bob", "10.0.0.2")), new LabServerEvent.Text("bob: two "));
    }

    @Test
    void aCharacterSplitAcrossReadsIsJoined() {
        LabServerStreamSplitter splitter = new LabServerStreamSplitter(1 << 20);
        byte[] bytes = "bob: 👋 ".getBytes(StandardCharsets.UTF_8);
        splitter.feed(bytes, 0, 7, out::add);
        splitter.feed(bytes, 7, bytes.length - 7, out::add);
        assertThat(String.join("", out.stream().map(e -> ((LabServerEvent.Text) e).text()).toList())).isEqualTo("bob: 👋 ");
    }

    @Test
    void anIncompleteMapLargerThanTheLimitIsGivenUpAsText() {
        LabServerStreamSplitter splitter = new LabServerStreamSplitter(8);
        feed(splitter, "!{\"alice\": \"10.0.0.1\"");
        assertThat(out).hasSize(1).first().isInstanceOf(LabServerEvent.Text.class);
        assertThat(splitter.pendingBytes()).isZero();
    }

    @Test
    void perReadAReadCutInsideACharacterIsShownWholeWithTheNext() {
        LabServerStreamSplitter splitter = LabServerStreamSplitter.perRead(1 << 20);
        byte[] bytes = "bob: smørbrød 👋 ".getBytes(StandardCharsets.UTF_8);
        int cut = "bob: smø".getBytes(StandardCharsets.UTF_8).length - 1; // inside the 'ø'
        splitter.feed(bytes, 0, cut, out::add);
        assertThat(out).isEmpty();
        splitter.feed(bytes, cut, bytes.length - cut, out::add);
        assertThat(out).containsExactly(new LabServerEvent.Text("bob: smørbrød 👋 "));
        assertThat(splitter.pendingBytes()).isZero();
    }

    @Test
    void perReadATrailingBangIsShownWithItsTextAfterAPause() {
        LabServerStreamSplitter splitter = LabServerStreamSplitter.perRead(1 << 20);
        feed(splitter, "Du er naa logget inn!");
        assertThat(out).isEmpty();
        assertThat(splitter.waitsForPause()).isTrue();
        splitter.pause(out::add);
        feed(splitter, "!{\"alice\": \"10.0.0.1\"}");
        assertThat(out).containsExactly(new LabServerEvent.Text("Du er naa logget inn!"),
                new LabServerEvent.UserMap(users("alice", "10.0.0.1")));
        assertThat(splitter.waitsForPause()).isFalse();
    }

    @Test
    void perReadATrailingBangBeforeAReadThatIsNoMapIsItsOwnMessage() {
        LabServerStreamSplitter splitter = LabServerStreamSplitter.perRead(1 << 20);
        feed(splitter, "Du er naa logget inn!");
        feed(splitter, "!{\"alice\": \"10.0.0.1\"}bob: hi ");
        assertThat(out).containsExactly(new LabServerEvent.Text("Du er naa logget inn!"),
                new LabServerEvent.UserMap(users("alice", "10.0.0.1")), new LabServerEvent.Text("bob: hi "));
    }

    @Test
    void perReadAMapCutRightAfterItsBangIsStillAMap() {
        LabServerStreamSplitter splitter = LabServerStreamSplitter.perRead(1 << 20);
        feed(splitter, "welcome!");
        feed(splitter, "{\"alice\": \"10.0.0.1\"}");
        feed(splitter, "!{\"alice\": \"10.0.0.1\"}!");
        feed(splitter, "{\"bob\": \"10.0.0.2\"}");
        assertThat(out).containsExactly(new LabServerEvent.Text("welcome"),
                new LabServerEvent.UserMap(users("alice", "10.0.0.1")),
                new LabServerEvent.UserMap(users("alice", "10.0.0.1")),
                new LabServerEvent.UserMap(users("bob", "10.0.0.2")));
        assertThat(splitter.pendingBytes()).isZero();
    }

    @Test
    void perReadTheEndOfTheStreamShowsWhatIsHeld() {
        LabServerStreamSplitter splitter = LabServerStreamSplitter.perRead(1 << 20);
        feed(splitter, "bye!");
        splitter.endOfStream(out::add);
        assertThat(out).containsExactly(new LabServerEvent.Text("bye!"));
    }

    @Test
    void aMapPaddedToTheLabReadIsOneMapEvenWhenItsPaddingComesInTheNextRead() {
        LabServerStreamSplitter splitter = new LabServerStreamSplitter(1 << 20);
        byte[] padded = LabFormat.paddedUserMapBytes(users("alice", "10.0.0.1"));
        assertThat(padded).hasSize(1024);
        String stream = new String(padded, StandardCharsets.US_ASCII);
        feed(splitter, stream.substring(0, 100));
        feed(splitter, stream.substring(100) + "alice: hi ");
        feed(splitter, "bob: yo " + stream);
        assertThat(out).containsExactly(
                new LabServerEvent.UserMap(users("alice", "10.0.0.1")),
                new LabServerEvent.Text("alice: hi "),
                new LabServerEvent.Text("bob: yo "),
                new LabServerEvent.UserMap(users("alice", "10.0.0.1")));
    }

    @Test
    void aTypedMapFollowedByTheLabsTrailingSpaceIsStillText() {
        LabServerStreamSplitter splitter = new LabServerStreamSplitter(1 << 20);
        feed(splitter, "mallory: !{\"alice\": \"6.6.6.6\"} alice: hi ");
        assertThat(out).containsExactly(new LabServerEvent.Text("mallory: !{\"alice\": \"6.6.6.6\"} alice: hi "));
    }
}
