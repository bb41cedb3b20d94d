package chatlab.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The search benchmark's words are as common as its documentation says, in the room it fills. */
class ChatCorpusTest {
    @Test
    void theQueriesAreCommonRareAndAbsentAsDocumented() {
        ChatCorpus corpus = new ChatCorpus(42);
        int common = 0;
        int rare = 0;
        int absent = 0;
        int norwegian = 0;
        int chinese = 0;
        for (int i = 0; i < MessageLogBenchmark.ROOM_MESSAGES; i++) {
            String text = corpus.next();
            var words = Arrays.asList(text.split(" "));
            common += words.contains(ChatCorpus.COMMON) ? 1 : 0;
            rare += words.contains(ChatCorpus.RARE) ? 1 : 0;
            absent += text.contains(ChatCorpus.ABSENT) ? 1 : 0;
            norwegian += text.contains(ChatCorpus.NORWEGIAN) ? 1 : 0;
            chinese += text.contains(ChatCorpus.CHINESE) ? 1 : 0;
        }
        assertThat(common).as("the common word").isGreaterThan(MessageLogBenchmark.ROOM_MESSAGES / 2);
        assertThat(rare).as("the rare word").isBetween(10, 100);
        assertThat(absent).isZero();
        assertThat(norwegian).as("one in 40").isBetween(2000, 3000);
        assertThat(chinese).as("the Chinese pair").isPositive();
    }
}
