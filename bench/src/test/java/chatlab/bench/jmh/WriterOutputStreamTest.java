package chatlab.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WriterOutputStreamTest {
    @Test
    void joinsCharactersSplitAcrossWritesOneByteAtATimeAndAllAtOnce() throws Exception {
        String text = "Score ± Error: 12.3 ns/op, blåbær 😀 ".repeat(300);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

        StringWriter oneByOne = new StringWriter();
        try (WriterOutputStream out = new WriterOutputStream(oneByOne)) {
            for (byte b : bytes) {
                out.write(b);
            }
        }
        StringWriter allAtOnce = new StringWriter();
        try (WriterOutputStream out = new WriterOutputStream(allAtOnce)) {
            out.write(bytes, 0, bytes.length);
        }

        assertThat(oneByOne.toString()).isEqualTo(text);
        assertThat(allAtOnce.toString()).isEqualTo(text);
    }
}
