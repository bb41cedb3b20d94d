package chatlab.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ClientMessageDecoder;
import chatlab.protocol.v2.ClientMessageEncoder;
import chatlab.protocol.v2.PeerMessageDecoder;
import chatlab.protocol.v2.ServerMessageDecoder;
import chatlab.protocol.v2.V2DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Fuzzes the v2 decoders with arbitrary lines: the server's decoder never throws (bad input is an error value), the
 * client's and the peer decoder fail only in their documented way, and whatever decodes re-encodes to a line the
 * decoder reads back the same. Replays the committed corpus unless JAZZER_FUZZ=1.
 */
class V2DecoderFuzzTest {
    private final ClientMessageDecoder clientDecoder = new ClientMessageDecoder();
    private final ClientMessageEncoder clientEncoder = new ClientMessageEncoder();
    private final ServerMessageDecoder serverDecoder = new ServerMessageDecoder();
    private final PeerMessageDecoder peerDecoder = new PeerMessageDecoder();

    @FuzzTest(maxDuration = "20s")
    void decodersNeverThrowAndRoundTrip(byte[] line) {
        ClientMessage message = clientDecoder.decode(line);
        assertThat(message).isNotNull();
        if (!(message instanceof ClientMessage.Malformed)) {
            byte[] encoded = clientEncoder.encode(message);
            assertThat(encoded[encoded.length - 1]).isEqualTo((byte) '\n');
            assertThat(clientDecoder.decode(Arrays.copyOf(encoded, encoded.length - 1))).isEqualTo(message);
        } else {
            assertThat(((ClientMessage.Malformed) message).message()).isNotBlank();
        }
        try {
            assertThat(serverDecoder.decode(line)).isNotNull();
        } catch (V2DecodeException expected) {
            assertThat(expected.code()).isNotNull();
        }
        assertThat(peerDecoder.decode(line)).isNotNull();
    }
}
