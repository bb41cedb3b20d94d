package chatlab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Room names: '#', then 1 to 32 letters, digits, '-', '_' and '.'; one room per look-alike form; none reserved. */
class RoomNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"#general", "#dev", "#Dev-2", "#a", "#release_1.2", "#kjøkken", "#日本語", "#café",
            "#cafe\u0301", "#x2345678901234567890123456789012"})
    void theseAreRoomNames(String name) {
        assertThat(RoomNames.problemWith(name)).as(name).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "general|a room name begins with '#'",
        "#|a room name has 1 to 32 characters after '#', not 0",
        "#x23456789012345678901234567890123|a room name has 1 to 32 characters after '#', not 33",
        "#two words|a room name may not contain a space or control character (U+0020); after '#' only letters, digits, '-', '_' and '.' are allowed",
        "#a:b|a room name may not contain ':' (U+003A); after '#' only letters, digits, '-', '_' and '.' are allowed",
        "##x|a room name may not contain '#' (U+0023); after '#' only letters, digits, '-', '_' and '.' are allowed",
        "#a\u202eb|a room name may not contain a space or control character (U+202E); after '#' only letters, digits, '-', '_' and '.' are allowed",
        "#-._|a room name needs a letter or a digit",
        "#\u0301a|a room name may not contain '\u0301' (U+0301); after '#' only letters, digits, '-', '_' and '.' are allowed",
        "#Server|the room name \"#Server\" is reserved",
        "#ѕerver|the room name \"#ѕerver\" is reserved",
    })
    void theseAreNotWithTheirReasons(String name, String problem) {
        assertThat(RoomNames.problemWith(name)).contains(problem);
    }

    @Test
    void namesThatReadAlikeAreOneRoom() {
        String dev = RoomNames.key("#dev");
        assertThat(RoomNames.key("#Dev")).isEqualTo(dev);
        assertThat(RoomNames.key("#DEV")).isEqualTo(dev);
        assertThat(RoomNames.key("#d\u0435v")).as("Cyrillic e").isEqualTo(dev);
        assertThat(RoomNames.key("#ｄｅｖ")).as("full width").isEqualTo(dev);
        assertThat(RoomNames.key("#devs")).isNotEqualTo(dev);
        assertThat(RoomNames.key("#café")).isEqualTo(RoomNames.key("#cafe"));
    }

    @Test
    void theDefaultRoomFollowsTheRules() {
        assertThat(RoomNames.problemWith(RoomNames.DEFAULT_ROOM)).isEmpty();
    }
}
