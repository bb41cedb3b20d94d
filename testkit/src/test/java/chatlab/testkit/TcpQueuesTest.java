package chatlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class TcpQueuesTest {
    @Test
    void bytesNotYetReadShowInTheReceiversQueueUntilItReadsThem() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket accepted = listener.accept()) {
            InetSocketAddress clientSide = (InetSocketAddress) client.getLocalSocketAddress();
            InetSocketAddress serverSide = (InetSocketAddress) accepted.getLocalSocketAddress();
            client.getOutputStream().write(new byte[] {1, 2, 3, 4, 5});
            Await.until("five bytes waiting for the accepted socket", () -> TcpQueues.of(serverSide, clientSide),
                    q -> q.isPresent() && q.get().receiveQueue() == 5);
            assertThat(accepted.getInputStream().readNBytes(5)).containsExactly(1, 2, 3, 4, 5);
            assertThat(TcpQueues.of(serverSide, clientSide)).hasValue(new TcpQueues.Queues(0, 0));
            Await.until("the client's bytes acknowledged", () -> TcpQueues.of(clientSide, serverSide),
                    q -> q.isPresent() && q.get().sendQueue() == 0);
        }
    }

    @Test
    void aSocketTheKernelDoesNotListIsEmpty() {
        InetSocketAddress nowhere = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        assertThat(TcpQueues.of(nowhere, nowhere)).isEmpty();
    }
}
