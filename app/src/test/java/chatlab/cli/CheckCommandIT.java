package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.testkit.Cleanup;
import chatlab.testkit.ScriptedProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chatlab check} from the shaded jar, on the loopback: chatlab's own client, itself run from the jar, passes
 * every rule of the client check, and the JSON and the report say so.
 */
class CheckCommandIT {
    private final Cleanup cleanup = new Cleanup();

    @TempDir
    Path temp;

    @AfterEach
    void stop() throws Exception {
        cleanup.close();
    }

    @Test
    void chatlabsOwnLabClientPassesTheClientCheck() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path report = temp.resolve("report");
        ScriptedProcess check = cleanup.add(ChatlabJar.start("check", "check", "client", "--host", "127.0.0.1",
                "--quiet", "--json", "--report", report.toString(), "--", java, "-XX:TieredStopAtLevel=1", "-jar",
                ChatlabJar.jar().toString(), "client", "--wire", "lab", "--lab-output", "--server", "{server}",
                "--port", "{port}", "--bind", "{client_ip}"));
        int status = check.awaitExit(Duration.ofMinutes(3));
        JsonNode json = new ObjectMapper().readTree(check.stdout());
        assertThat(json.path("failed")).as(check.stdout()).isEmpty();
        assertThat(status).isZero();
        assertThat(json.path("passed").asBoolean()).isTrue();
        assertThat(json.path("target").asText()).isEqualTo("client");
        assertThat(json.path("rules")).hasSize(12);
        assertThat(report.resolve("report.md")).content().startsWith("# chatlab check client: PASS");
        assertThat(report.resolve("programs/client-room-alice.txt")).exists();
    }
}
