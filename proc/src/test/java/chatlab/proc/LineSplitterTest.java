package chatlab.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private final List<String> lines = new ArrayList<>();

    private LineSplitter splitter(int maxLineBytes) {
        return new LineSplitter(Stream.STDERR, (stream, text) -> lines.add(stream + ":" + text), maxLineBytes);
    }

    @Test
    void cutsAtNewlinesDropsTheCarriageReturnAndKeepsAnUnfinishedLastLine() {
        LineSplitter splitter = splitter(100);
        byte[] bytes = "one\r\ntwo\n\nthree".getBytes(StandardCharsets.UTF_8);
        splitter.accept(bytes, 0, bytes.length);
        assertThat(lines).containsExactly("STDERR:one", "STDERR:two", "STDERR:");
        splitter.finish();
        assertThat(lines).containsExactly("STDERR:one", "STDERR:two", "STDERR:", "STDERR:three");
    }

    @Test
    void aCharacterSplitAcrossReadsIsDecodedWhole() {
        LineSplitter splitter = splitter(100);
        byte[] bytes = "👋 hi\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            splitter.accept(bytes, i, 1);
        }
        assertThat(lines).containsExactly("STDERR:👋 hi");
    }

    @Test
    void aLineLongerThanTheLimitComesInPieces() {
        LineSplitter splitter = splitter(4);
        byte[] bytes = "abcdefghij\nk\n".getBytes(StandardCharsets.UTF_8);
        splitter.accept(bytes, 0, bytes.length);
        assertThat(lines).containsExactly("STDERR:abcd", "STDERR:efgh", "STDERR:ij", "STDERR:k");
    }

    @Test
    void nothingAtTheEndIsNoLine() {
        LineSplitter splitter = splitter(10);
        byte[] bytes = "a\n".getBytes(StandardCharsets.UTF_8);
        splitter.accept(bytes, 0, bytes.length);
        splitter.finish();
        assertThat(lines).containsExactly("STDERR:a");
    }
}
