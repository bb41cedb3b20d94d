package chatlab.protocol.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LabFormatTest {
    @ParameterizedTest
    @CsvSource({
        "10.20.30.11, 10.20.30.11",
        "::ffff:10.0.0.1, 10.0.0.1",
        "::1, ::1",
        "fd00::b, fd00::b",
        "fd00:0:0:1:0:0:0:1, fd00:0:0:1::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6",
        "0:0:0:0:0:0:0:0, ::",
        "fd00:0:1:0:0:0:0:0, fd00:0:1::",
    })
    void formatsAddressesAsPythonReportsThem(String input, String expected) throws Exception {
        assertThat(LabFormat.address(InetAddress.getByName(input))).isEqualTo(expected);
    }

    @Test
    void relayKeepsTheLabsTrailingSpace() {
        assertThat(new String(LabFormat.relayBytes("bøb", "hi"), StandardCharsets.UTF_8)).isEqualTo("bøb: hi ");
    }
}
