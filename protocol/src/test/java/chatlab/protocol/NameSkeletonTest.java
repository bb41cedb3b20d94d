package chatlab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NameSkeletonTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "alice",
        "alice\u200d",          // + zero-width joiner
        "\u0430lice",           // Cyrillic a
        "ALICE",
        "Alice",
        "alic\u00e9",           // é, precomposed
        "alice\u0301",          // e + combining acute
        "\uff41\uff4c\uff49\uff43\uff45", // full-width
        "a\u200bl\u2060ice",    // zero-width space, word joiner
        "aIice",                // capital I for l
        "a1ice",                // digit one for l
        "al\u0131ce",           // dotless i
        "\u0251lice",           // Latin alpha
        "\u03b1lice",           // Greek alpha
        "alice\u00a0",          // no-break space at the end
        "alice\ufe0f",          // variation selector
        "alice\u3164",          // Hangul filler
        "\ud835\udc1alice",     // mathematical bold a
    })
    void everyLookAlikeOfAliceReadsAsAlice(String name) {
        assertThat(NameSkeleton.of(name)).isEqualTo(NameSkeleton.of("alice"));
    }

    @ParameterizedTest
    @CsvSource({
        "alice, alicia",
        "alice, bob",
        "bob, rob",
        "carol, karol",
        "\u65e5\u672c\u8a9e, \u65e5\u672c\u4eba",
        "a b, ab",
        "dave, eve",
    })
    void differentNamesStayDifferent(String one, String other) {
        assertThat(NameSkeleton.of(one)).isNotEqualTo(NameSkeleton.of(other));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\u200d", "\u200d\u200c\u200b", "\u3164", "\u0301", "\ufe0f", "\u00a0", "\u115f\u1160"})
    void aNameOfOnlyInvisibleCharactersHasAnEmptySkeleton(String name) {
        assertThat(NameSkeleton.of(name)).isEmpty();
    }

    @Test
    void theDefaultIgnorableRangesAreRead() {
        assertThat(NameSkeleton.isDefaultIgnorable(0x200D)).isTrue();
        assertThat(NameSkeleton.isDefaultIgnorable(0x00AD)).isTrue();
        assertThat(NameSkeleton.isDefaultIgnorable(0xE0001)).isTrue();
        assertThat(NameSkeleton.isDefaultIgnorable(0xE0FFF)).isTrue();
        assertThat(NameSkeleton.isDefaultIgnorable(0x1BCA3)).isTrue();
        assertThat(NameSkeleton.isDefaultIgnorable('a')).isFalse();
        assertThat(NameSkeleton.isDefaultIgnorable(0x1BCA4)).isFalse();
        assertThat(NameSkeleton.isDefaultIgnorable(0x10FFFF)).isFalse();
    }

    /** Every row of the table: the character reads as its prototype, and a skeleton is its own skeleton. */
    @Test
    void everyRowReadsAsItsPrototypeAndSkeletonsAreStable() throws IOException {
        List<String[]> rows = rows();
        assertThat(rows).hasSizeGreaterThan(800);
        for (String[] row : rows) {
            String skeleton = NameSkeleton.of(row[0]);
            assertThat(skeleton).as("row %s", row[0]).isEqualTo(NameSkeleton.of(row[1]));
            assertThat(NameSkeleton.of(skeleton)).as("skeleton of the skeleton of %s", row[0]).isEqualTo(skeleton);
            assertThat(skeleton).as("row %s", row[0]).isNotEmpty();
        }
    }

    private static List<String[]> rows() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = NameSkeleton.class.getResourceAsStream("confusables-ascii.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.substring(0, line.indexOf('#')).split(";");
                rows.add(new String[] {codePoints(fields[0]), codePoints(fields[1])});
            }
        }
        return rows;
    }

    private static String codePoints(String hex) {
        StringBuilder out = new StringBuilder();
        for (String one : hex.trim().split(" +")) {
            out.appendCodePoint(Integer.parseInt(one, 16));
        }
        return out.toString();
    }
}
