package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The shared cases of the rule for showing others' text: the web client's JavaScript copy of {@link SafeText}
 * (server/src/main/resources/chatlab/web/js/safe-text.js) runs the same file in a browser (app's WebPageIT).
 */
class SafeTextCasesTest {
    /** Read by both tests; kept in the client's test resources, next to the rule it pins down. */
    static final String CASES = "/chatlab/client/safe-text-cases.json";

    @Test
    void everySharedCaseIsShownAsItSays() throws IOException {
        JsonNode cases;
        try (InputStream in = SafeTextCasesTest.class.getResourceAsStream(CASES)) {
            cases = new ObjectMapper().readTree(in);
        }
        assertThat(cases.size()).isGreaterThan(5);
        for (JsonNode c : cases) {
            assertThat(SafeText.escape(c.get("input").textValue())).as(c.get("why").textValue())
                    .isEqualTo(c.get("shown").textValue());
        }
    }
}
