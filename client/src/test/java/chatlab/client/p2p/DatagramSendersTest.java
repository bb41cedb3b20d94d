package chatlab.client.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatagramSendersTest {
    private static final UserInfo ALICE = new UserInfo("alice", "10.0.0.1", 5000, Wire.LAB, Instant.EPOCH);
    private static final UserInfo BOB = new UserInfo("bob", "10.0.0.1", 41234, Wire.V2, Instant.EPOCH);
    private static final UserInfo QUIET = new UserInfo("quiet", "10.0.0.3", 0, Wire.V2, Instant.EPOCH);

    private static InetSocketAddress at(String address, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(address), port);
    }

    @Test
    void theAddressAndThePortMustBothMatch() throws Exception {
        List<UserInfo> users = List.of(ALICE, BOB, QUIET);
        assertThat(DatagramSenders.announcedAt(users, at("10.0.0.1", 5000))).contains("alice");
        assertThat(DatagramSenders.announcedAt(users, at("10.0.0.1", 41234))).contains("bob");
        assertThat(DatagramSenders.announcedAt(users, at("10.0.0.1", 40000))).isEmpty();
        assertThat(DatagramSenders.announcedAt(users, at("10.0.0.2", 5000))).isEmpty();
        assertThat(DatagramSenders.isAnnouncedAt(ALICE, at("10.0.0.1", 5001))).isFalse();
        assertThat(DatagramSenders.isAnnouncedAt(null, at("10.0.0.1", 5000))).isFalse();
    }

    @Test
    void aUserWithoutAPortIsNeverTheSender() throws Exception {
        assertThat(DatagramSenders.announcedAt(List.of(QUIET), at("10.0.0.3", 0))).isEmpty();
    }

    @Test
    void anIpv4MappedSourceMatchesTheDottedAddress() throws Exception {
        InetAddress mapped = InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff,
                10, 0, 0, 1});
        assertThat(DatagramSenders.announcedAt(List.of(ALICE), new InetSocketAddress(mapped, 5000))).contains("alice");
    }

    @Test
    void onTheLabWireTheFirstNameAtTheAddressIsTheSender() {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("alice", "10.0.0.1");
        users.put("bob", "10.0.0.1");
        users.put("carol", "10.0.0.2");
        assertThat(DatagramSenders.firstAt(users, "10.0.0.1")).contains("alice");
        assertThat(DatagramSenders.firstAt(users, "10.0.0.2")).contains("carol");
        assertThat(DatagramSenders.firstAt(users, "10.0.0.3")).isEmpty();
        assertThat(DatagramSenders.firstAt(null, "10.0.0.1")).as("before the first map").isEmpty();
    }

    @Test
    void describesTheSourceWithItsPort() throws Exception {
        assertThat(DatagramSenders.describe(at("10.0.0.9", 4444))).isEqualTo("10.0.0.9:4444");
        assertThat(DatagramSenders.describe(at("::1", 4444))).isEqualTo("[::1]:4444");
    }
}
