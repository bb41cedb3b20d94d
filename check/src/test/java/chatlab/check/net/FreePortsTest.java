package chatlab.check.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void aPortIsPickedBelowTheEphemeralRangeAndIsFreeForTcpAndUdp() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        int port = FreePorts.pick(loopback);
        assertThat(port).isBetween(FreePorts.LOWEST, FreePorts.ephemeralLow() - 1);
        assertThat(FreePorts.free(loopback, port)).isTrue();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(loopback, port));
            assertThat(FreePorts.free(loopback, port)).isFalse();
        }
    }
}
