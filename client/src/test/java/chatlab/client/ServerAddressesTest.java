package chatlab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ServerAddressesTest {
    private static final InetAddress A = address(1);
    private static final InetAddress B = address(2);
    private static final InetAddress C = address(3);

    private final AtomicReference<InetAddress[]> dns = new AtomicReference<>(new InetAddress[] {A, B, C});
    private final ServerAddresses servers = new ServerAddresses("chat.example", host -> {
        if (!host.equals("chat.example")) {
            throw new UnknownHostException(host);
        }
        return dns.get();
    });

    @Test
    void theFirstConnectTriesTheAddressesAsTheNameGivesThem() throws Exception {
        assertThat(servers.inTurn()).containsExactly(A, B, C);
    }

    @Test
    void afterLosingOneTheNextIsTriedFirstAndTheLostOneLast() throws Exception {
        servers.lost(A);
        assertThat(servers.inTurn()).containsExactly(B, C, A);
        servers.lost(B);
        assertThat(servers.inTurn()).containsExactly(C, A, B);
        servers.lost(C);
        assertThat(servers.inTurn()).as("round again").containsExactly(A, B, C);
    }

    @Test
    void aLostAddressTheNameNoLongerGivesChangesNothing() throws Exception {
        servers.lost(B);
        dns.set(new InetAddress[] {A, C});
        assertThat(servers.inTurn()).containsExactly(A, C);
    }

    @Test
    void aNameWithOneAddressKeepsTryingIt() throws Exception {
        dns.set(new InetAddress[] {A});
        servers.lost(A);
        assertThat(servers.inTurn()).containsExactly(A);
    }

    @Test
    void eachConnectResolvesTheNameAgain() throws Exception {
        servers.lost(A);
        dns.set(new InetAddress[] {C, A, B});
        assertThat(servers.inTurn()).containsExactly(B, C, A);
    }

    @Test
    void anUnknownNameFails() {
        ServerAddresses unknown = new ServerAddresses("nowhere.example", host -> {
            throw new UnknownHostException(host);
        });
        assertThatThrownBy(unknown::inTurn).isInstanceOf(UnknownHostException.class);
    }

    private static InetAddress address(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
