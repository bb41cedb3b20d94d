package chatlab.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatlab.bench.LoopbackTarget;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceAddressesTest {
    private static final InetAddress V4 = LoopbackTarget.v4(127, 0, 0, 1);

    private static String text(InetAddress address) {
        return address.getHostAddress();
    }

    @Test
    void startsAt127002WithAFixedNumberPerAddress() {
        SourceAddresses addresses = new SourceAddresses(V4, 3, 0);
        assertThat(text(addresses.forConnection(0))).isEqualTo("127.0.0.2");
        assertThat(text(addresses.forConnection(2))).isEqualTo("127.0.0.2");
        assertThat(text(addresses.forConnection(3))).isEqualTo("127.0.0.3");
        assertThat(addresses.addressesFor(7)).isEqualTo(3);
    }

    @Test
    void skipsAddressesEndingInZeroOr255() {
        assertThat(text(SourceAddresses.addressNumber(252))).isEqualTo("127.0.0.254");
        assertThat(text(SourceAddresses.addressNumber(253))).isEqualTo("127.0.1.1");
        assertThat(text(SourceAddresses.addressNumber(253 + 253))).isEqualTo("127.0.1.254");
        assertThat(text(SourceAddresses.addressNumber(253 + 254))).isEqualTo("127.0.2.1");
        Set<String> seen = new HashSet<>();
        for (long n = 0; n < 100_000; n++) {
            byte[] b = SourceAddresses.addressNumber(n).getAddress();
            assertThat(b[0]).isEqualTo((byte) 127);
            assertThat(b[3]).isNotIn((byte) 0, (byte) 255);
            assertThat(seen.add(text(SourceAddresses.addressNumber(n)))).isTrue();
        }
        assertThat(seen).doesNotContain("127.0.0.1");
    }

    @Test
    void anOffsetKeepsTwoGroupsApart() {
        SourceAddresses stable = new SourceAddresses(V4, 50, 0);
        SourceAddresses churn = new SourceAddresses(V4, 1, (int) stable.addressesFor(120));
        assertThat(text(stable.forConnection(119))).isEqualTo("127.0.0.4");
        assertThat(text(churn.forConnection(0))).isEqualTo("127.0.0.5");
    }

    @Test
    void anIpv6TargetUsesItsOnlyLoopbackAddress() throws Exception {
        SourceAddresses addresses = new SourceAddresses(InetAddress.getByName("::1"), 50, 0);
        assertThat(addresses.forConnection(12345).isLoopbackAddress()).isTrue();
        assertThat(addresses.forConnection(12345).getAddress()).hasSize(16);
    }

    @Test
    void theRangeEnds() {
        assertThatThrownBy(() -> SourceAddresses.addressNumber(SourceAddresses.MAX_ADDRESSES))
                .hasMessageContaining("no more loopback source addresses");
    }
}
