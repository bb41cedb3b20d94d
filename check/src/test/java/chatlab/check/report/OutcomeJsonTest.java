package chatlab.check.report;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.check.CheckOutcome;
import chatlab.check.Evidence;
import chatlab.check.Network;
import chatlab.check.RuleInfo;
import chatlab.check.RuleResult;
import chatlab.check.Target;
import chatlab.check.Verdict;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutcomeJsonTest {
    private static CheckOutcome outcome() {
        RuleInfo required = RuleInfo.required("S-ONE", "one", "lab one", "Milestone 1");
        RuleInfo advice = RuleInfo.advice("S-TWO", "two", "lab two", "Milestone 1");
        return new CheckOutcome(Target.SERVER, "python3 s.py", Network.LOCAL, List.of(
                new RuleResult(required, "relay", Verdict.fail("this", "that",
                        List.of(Evidence.of("bytes \"x\"").withFrame("webserver.pcap frame 3"), Evidence.of("more")))),
                new RuleResult(advice, "relay", Verdict.pass("fine"))), List.of("a note"),
                List.of(new CheckOutcome.Program("server-relay", "python3 s.py", "stopped by the check (SIGTERM)",
                        "   0.100 out | Waiting for connection...\n")), List.of("captures/webserver.pcap"), 1234,
                Optional.of("/tmp/report"));
    }

    @Test
    void theJsonSaysWhatFailedForAnAutograder() throws Exception {
        var root = new ObjectMapper().readTree(OutcomeJson.write(outcome()));
        assertThat(root.path("passed").asBoolean()).isFalse();
        assertThat(root.path("failed").get(0).asText()).isEqualTo("S-ONE");
        assertThat(root.path("counts").path("required").path("fail").asInt()).isEqualTo(1);
        assertThat(root.path("counts").path("advice").path("pass").asInt()).isEqualTo(1);
        assertThat(root.path("rules").get(0).path("evidence").get(0).path("frame").asText())
                .isEqualTo("webserver.pcap frame 3");
        assertThat(root.path("rules").get(0).path("lab").path("text").asText()).isEqualTo("lab one");
    }

    @Test
    void whatIsWrittenReadsBackTheSame() throws Exception {
        CheckOutcome read = OutcomeJson.read(OutcomeJson.write(outcome()));
        assertThat(OutcomeJson.write(read)).isEqualTo(OutcomeJson.write(outcome()));
        assertThat(read.failedIds()).containsExactly("S-ONE");
    }

    @Test
    void theSummaryEndsWithTheVerdictAndTheRulesThatDecidedIt() {
        String text = SummaryText.render(outcome());
        assertThat(text).contains("  FAIL    required S-ONE                    one", "expected: this", "seen:     that",
                "  - bytes \"x\"  [webserver.pcap frame 3]", "lab:      \"lab one\" (Milestone 1)", "  - a note")
                .endsWith("RESULT: FAIL (S-ONE)\n");
    }
}
