package chatlab.check.it;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.check.CheckRequest;
import chatlab.check.Target;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The reference programs pass every required rule, on the loopback: the lab's own server and client (our faithful
 * completion, which fails only the advice the lab's own code does not follow) and chatlab's own server.
 */
@Execution(ExecutionMode.CONCURRENT)
class LabProgramsCheckIT {
    /**
     * The lab's server never recovers from a client that does not read (it is expected to fail S-SLOW-READER): no
     * need to wait chatlab's 5 s grace, and a shorter stall only tells it sooner.
     */
    static final Duration SHORT_STALL = Duration.ofMillis(1500);
    /**
     * These programs do what the lab asks, so the check never waits a step out for them (what they do comes in
     * milliseconds): a long step costs nothing and keeps a loaded machine from failing them.
     */
    static final Duration STEP = Duration.ofSeconds(15);
    /**
     * A scenario of up to seven steps (two copies of a client that asks for a password, each started and listed, then
     * three exchanges) must be allowed to wait each step out, so that a slow step shows as the step it was (with its
     * evidence) and not as a scenario that ran out of time (90 s by default, seen once on a busy machine).
     */
    static final Duration SCENARIO = STEP.multipliedBy(10);

    static CheckRequest generous(CheckRequest request) {
        return request.withTimeouts(request.timeouts().withStep(STEP).withScenario(SCENARIO));
    }

    @Test
    void theLabsOwnServerPassesEveryRequiredRule() throws Exception {
        CheckRequest request = generous(Programs.local(Target.SERVER, Programs.python("chatserver.py")));
        Programs.Run run = Programs.check(request.withTimeouts(request.timeouts().withStall(SHORT_STALL)));
        assertThat(run.outcome().passed()).as(run.summary()).isTrue();
        // The advice the lab's own server does not follow: it drops a sender whose character byte 1024 cuts, and a
        // blocking send() to a client that does not read stops every relay.
        assertThat(run.failed()).as(run.summary()).containsExactlyInAnyOrder("S-LONG-OVER", "S-SLOW-READER");
        assertThat(run.outcome().results()).hasSize(18);
        assertThat(run.outcome().programs()).anyMatch(p -> p.label().equals("server-relay")
                && p.transcript().contains("Waiting for connection...") && p.ended().contains("SIGTERM"));
    }

    @Test
    void chatlabsOwnServerPassesEveryRule() throws Exception {
        Programs.Run run = Programs.check(generous(Programs.local(Target.SERVER, Programs.chatlabServer())));
        assertThat(run.failed()).as(run.summary()).isEmpty();
        assertThat(run.outcome().passed()).isTrue();
    }

    @Test
    void theLabsOwnClientPassesEveryRequiredRule() throws Exception {
        Programs.Run run = Programs.check(generous(Programs.local(Target.CLIENT, Programs.python("chatclient.py"))));
        assertThat(run.outcome().passed()).as(run.summary()).isTrue();
        // Its receive thread dies with a traceback when the server leaves (recv returns b'' and msg[0] fails).
        assertThat(run.failed()).as(run.summary()).containsExactly("C-SERVER-LEAVES-QUIETLY");
        assertThat(run.about("C-SERVER-LEAVES-QUIETLY")).contains("IndexError");
        assertThat(run.outcome().results()).hasSize(12);
    }

    @Test
    void aClientWithPromptsOfItsOwnAndAPasswordPromptPassesEveryRequiredRule() throws Exception {
        Programs.Run run = Programs.check(generous(Programs.local(Target.CLIENT,
                Programs.python("client_with_password_prompt.py"))));
        assertThat(run.outcome().passed()).as(run.summary()).isTrue();
        assertThat(run.failed()).as(run.summary()).containsExactly("C-SERVER-LEAVES-QUIETLY");
        // Its prompts have no line break: "Your name, please: Password: " is one line of output.
        assertThat(run.outcome().programs()).anyMatch(p -> p.transcript().contains("Password: ")
                && p.transcript().contains("in  | " + CheckRequest.DEFAULT_PASSWORD));
    }
}
