package chatlab.check.it;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.check.CheckRequest;
import chatlab.check.Target;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Each deliberately faulty program (test resources: the lab's own program with one mistake students make) fails
 * exactly the rules its mistake breaks, besides the advice the lab's own program does not follow either, with
 * evidence a student can act on.
 */
@Execution(ExecutionMode.CONCURRENT)
class FaultyProgramsIT {
    /**
     * None of these servers recovers from a client that does not read, and each is expected to fail S-SLOW-READER: a
     * shorter stall only tells it sooner.
     */
    static final Duration SHORT_STALL = Duration.ofMillis(1500);
    /**
     * What these programs get wrong never comes, so each expectation costs its whole wait (13 of them here); what
     * they do right comes in milliseconds (a whole passing scenario, Python programs started, took 0.2 to 1.1 s on a
     * busy machine; its tightest wait, a lab client started and listing the room, gets half a step), so a shorter
     * wait than the default still leaves a loaded machine plenty of time.
     */
    static final Duration STEP = Duration.ofSeconds(3);
    /** Only server_never_closes.py ignores SIGTERM (at each of its 12 starts); the others end at once. */
    static final Duration STOP_GRACE = Duration.ofMillis(250);

    private static Programs.Run checkServer(String program) throws Exception {
        CheckRequest request = Programs.local(Target.SERVER, Programs.python(program));
        return Programs.check(request.withTimeouts(request.timeouts().withStall(SHORT_STALL).withStep(STEP)
                .withStopGrace(STOP_GRACE)));
    }

    @Test
    void aServerThatRelaysToTheSenderToo() throws Exception {
        Programs.Run run = checkServer("server_relays_to_sender.py");
        assertThat(run.failed()).as(run.summary()).containsExactlyInAnyOrder("S-RELAY-NOT-SENDER", "S-LONG-OVER",
                "S-SLOW-READER");
        assertThat(run.outcome().passed()).isFalse();
        assertThat(run.about("S-RELAY-NOT-SENDER")).contains("the server sent ann's message back to her",
                "ann (127.0.0.21) received \"ann: hello from ann ", "if client_socket != sending_client");
    }

    @Test
    void aServerThatDropsTheFirstHolderOfANameSilently() throws Exception {
        Programs.Run run = checkServer("server_drops_first_holder.py");
        assertThat(run.failed()).as(run.summary()).containsExactlyInAnyOrder("S-SAME-NAME", "S-LONG-OVER",
                "S-SLOW-READER");
        // Advice only: the lab leaves two clients with one name open, so the check still passes.
        assertThat(run.outcome().passed()).isTrue();
        assertThat(run.about("S-SAME-NAME")).contains("the first sam's connection was closed by the server",
                "without a word");
    }

    @Test
    void aServerThatSendsTheMapOnlyToTheNewcomer() throws Exception {
        Programs.Run run = checkServer("server_map_to_newcomer.py");
        assertThat(run.failed()).as(run.summary()).containsExactlyInAnyOrder("S-MAP-JOIN", "S-LS", "S-DM", "S-LEAVE",
                "S-RESET", "S-JOIN-STORM", "S-LONG-OVER", "S-SLOW-READER");
        assertThat(run.about("S-MAP-JOIN")).contains("after bob joined, alice (127.0.0.21) did not receive the map "
                + "{alice: 127.0.0.21, bob: 127.0.0.22}: no map came after that; it still held "
                + "\"!{\\\"alice\\\": \\\"127.0.0.21\\\"}\"");
        assertThat(run.about("S-DM")).contains("lab2 is not registered", "did not list lab2");
    }

    @Test
    void aServerThatNeverClosesALeaversConnectionAndIgnoresSigterm() throws Exception {
        Programs.Run run = checkServer("server_never_closes.py");
        assertThat(run.failed()).as(run.summary()).containsExactlyInAnyOrder("S-LEAVE", "S-LONG-OVER",
                "S-SLOW-READER");
        assertThat(run.about("S-LEAVE")).contains("leo closed its connection",
                "an orderly close makes recv() return b'' (an empty read)");
        assertThat(run.outcome().notes()).anyMatch(n -> n.contains("ignored SIGTERM")
                && n.contains("killed with its process group"));
        // Every start's helper, which ignored SIGTERM too, went with its group.
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> String.join(" ", a)
                .contains("time.sleep(3600)")).orElse(false))).isEmpty();
    }

    @Test
    void aServerThatCrashesOnAnEmptyRead() throws Exception {
        Programs.Run run = checkServer("server_crashes_on_empty_read.py");
        assertThat(run.failed()).as(run.summary()).containsExactlyInAnyOrder("S-LEAVE", "S-EMPTY-READ",
                "S-LONG-OVER", "S-SLOW-READER");
        // How the exit is told depends on which the check sees first (the process's end, or a refused connection
        // while the process is ending): "the server process exited" or "your server exited with status 1".
        assertThat(run.about("S-EMPTY-READ")).contains("a client connected and closed without sending anything")
                .containsPattern("server (process )?exited");
        assertThat(run.about("S-EMPTY-READ")).contains("IndexError");
    }

    @Test
    void aClientThatSendsDirectMessagesToTheServersAddress() throws Exception {
        CheckRequest request = Programs.local(Target.CLIENT, Programs.python("client_dm_to_server.py"));
        Programs.Run run = Programs.check(request.withTimeouts(request.timeouts().withStep(STEP)));
        assertThat(run.failed()).as(run.summary()).containsExactlyInAnyOrder("C-DM-SEND", "C-COPIES",
                "C-SERVER-LEAVES-QUIETLY");
        assertThat(run.about("C-DM-SEND")).contains("nothing reached bob's UDP socket",
                "the server (127.0.0.1:", "received \" hi bob, just between us\"",
                "the direct message went to the server's address");
    }
}
