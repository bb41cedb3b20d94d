package chatlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.Limits;
import chatlab.testkit.Await;
import chatlab.testkit.Cleanup;
import chatlab.testkit.RawLabClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --socket-send-buffer-bytes} reaches every accepted socket: the kernel's send buffer of the server's end of a
 * registered client's connection, read with {@code ss -tm} (its {@code tb}, the socket's sk_sndbuf), is twice the
 * configured value, since Linux doubles what SO_SNDBUF sets for its bookkeeping (socket(7)).
 */
class SocketSendBufferTest {
    private static final Pattern SEND_BUFFER = Pattern.compile("\\btb(\\d+)\\b");
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {24 * 1024, Limits.DEFAULT_SOCKET_SEND_BUFFER_BYTES})
    void theServersEndOfAConnectionHasTheConfiguredSendBufferDoubled(int bytes) throws Exception {
        ServerFixture fixture = cleanup.add(new ServerFixture(Limits.defaults().withSocketSendBufferBytes(bytes)));
        RawLabClient client = cleanup.add(fixture.registered(82, "buffered"));
        int clientPort = client.localAddress().getPort();
        Await.until("ss to list the server's end of the connection",
                () -> serverSendBuffer(fixture.server.port(), clientPort), OptionalInt::isPresent);
        assertThat(serverSendBuffer(fixture.server.port(), clientPort).getAsInt()).isEqualTo(2 * bytes);
    }

    /** The sk_sndbuf of the established socket from {@code serverPort} to {@code clientPort}, as ss reports it. */
    private static OptionalInt serverSendBuffer(int serverPort, int clientPort) {
        try {
            Process ss = new ProcessBuilder("ss", "-tmnH", "state", "established", "( sport = :" + serverPort
                    + " and dport = :" + clientPort + " )").redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ss.waitFor(10, TimeUnit.SECONDS) || ss.exitValue() != 0) {
                throw new IllegalStateException("ss failed: " + out);
            }
            Matcher matcher = SEND_BUFFER.matcher(out);
            return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ss", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
