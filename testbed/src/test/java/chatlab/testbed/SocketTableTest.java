package chatlab.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SocketTableTest {
    @Test
    void readsARowOfProcNetTcp() {
        SocketTable.Socket s = SocketTable.parse(
                "   0: 0300140A:1388 0B1E140A:9C4E 01 0000000D:00000002 00:00000000 00000000     0        0 12345 1", true);
        assertThat(s).isEqualTo(new SocketTable.Socket(true, 5000, "10.20.30.11", 40014, SocketTable.ESTABLISHED, 13, 2));
        assertThat(s.idle()).isFalse();
    }

    @Test
    void showsIpv4MappedAddressesAsIpv4AndIpv6AsText() {
        assertThat(SocketTable.address("0000000000000000FFFF00000B1E140A")).isEqualTo("10.20.30.11");
        assertThat(SocketTable.address("000000FD000000000000000011000000")).isEqualTo("fd00:0:0:0:0:0:0:11");
    }

    @Test
    void aShortOrGarbledRowIsSkipped() {
        assertThat(SocketTable.parse("  sl  local_address rem_address   st", true)).isNull();
        assertThat(SocketTable.parse("0: zz:1 yy:2 01 0:0", true)).isNull();
    }

    @Test
    void seesItsOwnListeningSocket() throws Exception {
        try (var server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(SocketTable.read(ProcessHandle.current().pid()))
                    .anyMatch(s -> s.tcp() && s.state() == SocketTable.LISTEN && s.localPort() == server.getLocalPort());
        }
    }
}
