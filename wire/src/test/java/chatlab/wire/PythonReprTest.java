package chatlab.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What python3 prints for these (copied from {@code python3 -c 'print(repr(...))'}); {@code PythonReprIT} compares
 * with python3 itself over whole ranges of characters.
 */
class PythonReprTest {
    @Test
    void quotesAndEscapesAsPythonDoes() {
        assertThat(PythonRepr.string("bob")).isEqualTo("'bob'");
        assertThat(PythonRepr.string("o'neil")).isEqualTo("\"o'neil\"");
        assertThat(PythonRepr.string("a'b\"c")).isEqualTo("'a\\'b\"c'");
        assertThat(PythonRepr.string("tab\there\r\n")).isEqualTo("'tab\\there\\r\\n'");
        assertThat(PythonRepr.string("back\\slash")).isEqualTo("'back\\\\slash'");
        assertThat(PythonRepr.string("del\u007f")).isEqualTo("'del\\x7f'");
        assertThat(PythonRepr.string("nbsp\u00a0x")).isEqualTo("'nbsp\\xa0x'");
        assertThat(PythonRepr.string("\u00ad")).isEqualTo("'\\xad'");
        assertThat(PythonRepr.string("\u2028")).isEqualTo("'\\u2028'");
        assertThat(PythonRepr.string("\u200b\ud800")).isEqualTo("'\\u200b\\ud800'");
        assertThat(PythonRepr.string("\uD83D\uDC4B")).isEqualTo("'\uD83D\uDC4B'");
        assertThat(PythonRepr.string(new String(Character.toChars(0xE0001)))).isEqualTo("'\\U000e0001'");
    }

    @Test
    void dictInTheMapsOrder() {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("alice", "10.20.30.11");
        users.put("o'neil", "fd00::12");
        assertThat(PythonRepr.dict(users)).isEqualTo("{'alice': '10.20.30.11', \"o'neil\": 'fd00::12'}");
        assertThat(PythonRepr.dict(Map.of())).isEqualTo("{}");
        assertThat(PythonRepr.dict(null)).isEqualTo("None");
    }
}
