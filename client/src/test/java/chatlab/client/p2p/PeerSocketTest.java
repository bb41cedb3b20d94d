package chatlab.client.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.client.RecordingClientOutput;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PeerSocketTest {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void aV2ClientWhosePortIsTakenTakesAnotherAndSaysSo() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (DatagramSocket other = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            RecordingClientOutput out = new RecordingClientOutput();
            PeerSocket socket = PeerSocket.bindAlone(group, Optional.of(loopback), other.getLocalPort(), (from, bytes) -> { },
                    out);
            try {
                int port = socket.localAddress().getPort();
                assertThat(port).isNotEqualTo(other.getLocalPort());
                assertThat(out.lines()).containsExactly("info UDP port " + other.getLocalPort() + " is taken (another "
                        + "client on this host?); direct messages come to port " + port + " instead. v2 peers learn it "
                        + "from the server; lab clients, which always send to port " + other.getLocalPort()
                        + ", cannot reach you");
            } finally {
                socket.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
    }
}
