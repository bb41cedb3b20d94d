package chatlab.client.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.client.RecordingClientOutput;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabDirectSenderTest {
    private final RecordingClientOutput out = new RecordingClientOutput();
    private final List<InetSocketAddress> to = new ArrayList<>();
    private final List<String> payloads = new ArrayList<>();

    @Test
    void sendsThePayloadAsTypedToTheLabsPortAtTheListedAddress() {
        LabDirectSender sender = new LabDirectSender(out, (address, bytes) -> {
            to.add(address);
            payloads.add(new String(bytes, StandardCharsets.UTF_8));
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
        }, 5000);
        assertThat(sender.send("bob", "10.0.0.3", " hi, bøb")).isTrue();
        assertThat(to).containsExactly(new InetSocketAddress("10.0.0.3", 5000));
        assertThat(payloads).containsExactly(" hi, bøb");
        assertThat(out.lines()).containsExactly("direct-sent bob [ hi, bøb]");
    }

    @Test
    void aFailedSendIsTold() {
        LabDirectSender sender = new LabDirectSender(out,
                (address, bytes) -> ImmediateEventExecutor.INSTANCE.newFailedFuture(new IOException("Network is unreachable")),
                5000);
        sender.send("bob", "10.0.0.3", " hi");
        assertThat(out.lines()).containsExactly("direct-sent bob [ hi]", "problem could not send to bob: Network is unreachable");
    }

    @Test
    void anAddressThatIsNotOneIsRefused() {
        LabDirectSender sender = new LabDirectSender(out, (address, bytes) -> {
            throw new AssertionError("nothing is sent");
        }, 5000);
        assertThat(sender.send("bob", "bob.example", " hi")).isFalse();
        assertThat(out.lines()).containsExactly("problem the server lists bob at 'bob.example', which is not an IP address");
    }
}
