package chatlab.protocol.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lab's user map as bytes; {@code PythonJsonIT} holds the escaping against python3 itself. */
class PythonJsonTest {
    @Test
    void userMapBytesArePrefixedWithTheMarker() {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("é", "::1");
        assertThat(new String(LabFormat.userMapBytes(users), StandardCharsets.US_ASCII))
                .isEqualTo("!{\"\\u00e9\": \"::1\"}");
    }
}
