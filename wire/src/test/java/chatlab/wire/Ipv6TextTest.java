package chatlab.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 5952's examples, and random addresses checked against {@link InetAddress} and the rules of section 4. */
class Ipv6TextTest {
    private static String text(String literal) throws UnknownHostException {
        return Ipv6Text.format(InetAddress.getByName(literal).getAddress());
    }

    @Test
    void rfc5952Examples() throws UnknownHostException {
        // 4.1 leading zeros dropped; 4.2.1 shortest; 4.2.2 one zero group is not compressed;
        // 4.2.3 the longest run, the first of equal runs; 4.3 lower case.
        assertThat(text("2001:0db8:0000:0000:0000:0000:0000:0001")).isEqualTo("2001:db8::1");
        assertThat(text("2001:db8:0:0:0:0:2:1")).isEqualTo("2001:db8::2:1");
        assertThat(text("2001:db8:0000:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(text("2001:0:0:1:0:0:0:1")).isEqualTo("2001:0:0:1::1");
        assertThat(text("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(text("2001:DB8::AB:CD")).isEqualTo("2001:db8::ab:cd");
        assertThat(text("::")).isEqualTo("::");
        assertThat(text("::1")).isEqualTo("::1");
        assertThat(text("1::")).isEqualTo("1::");
        assertThat(text("fd00::11")).isEqualTo("fd00::11");
        assertThat(Ipv6Text.format(0x20010db800000000L, 1)).isEqualTo("2001:db8::1");
    }

    @Test
    void onlySixteenBytes() {
        assertThatThrownBy(() -> Ipv6Text.format(new byte[4])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an IPv6 address has 16 bytes, not 4");
    }

    /**
     * Random addresses, most of them with zero groups: the text names the same address for InetAddress, is in
     * lower case without leading zeros, and of all the forms RFC 2373 allows it is the one RFC 5952 4.2 picks.
     */
    @Test
    void randomAddressesAgreeWithInetAddressAndAreTheShortestForm() throws UnknownHostException {
        Random random = new Random(5952);
        for (int round = 0; round < 20_000; round++) {
            byte[] address = new byte[16];
            for (int g = 0; g < 8; g++) {
                int value = random.nextInt(3) == 0 ? random.nextInt(0x10000) : random.nextInt(4) == 0 ? 1 : 0;
                address[2 * g] = (byte) (value >>> 8);
                address[2 * g + 1] = (byte) value;
            }
            String text = Ipv6Text.format(address);
            assertThat(InetAddress.getByName(text).getAddress()).as(text).isEqualTo(address);
            assertThat(text).as(text).doesNotContainPattern("[A-F]").doesNotContainPattern("(^|:)0[0-9a-f]");
            assertThat(text).as("the RFC 5952 form").isEqualTo(rfc5952Form(address));
        }
    }

    /**
     * Writes every form the text syntax allows (no {@code ::}, or {@code ::} for any run of zero groups) and picks
     * the one that drops the most groups, the first of equal ones, unless it would drop a single group (4.2.2).
     */
    private static String rfc5952Form(byte[] address) {
        String[] group = new String[8];
        for (int g = 0; g < 8; g++) {
            group[g] = Integer.toHexString((address[2 * g] & 0xFF) << 8 | (address[2 * g + 1] & 0xFF));
        }
        String best = String.join(":", group);
        int dropped = 1;
        for (int start = 0; start < 8; start++) {
            for (int end = start + 1; end <= 8 && group[end - 1].equals("0"); end++) {
                if (end - start > dropped) {
                    dropped = end - start;
                    best = String.join(":", Arrays.copyOfRange(group, 0, start)) + "::"
                            + String.join(":", Arrays.copyOfRange(group, end, 8));
                }
            }
        }
        return best;
    }
}
