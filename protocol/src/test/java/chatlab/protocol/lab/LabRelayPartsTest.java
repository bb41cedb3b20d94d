package chatlab.protocol.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LabRelayPartsTest {
    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Reads the stream as the lab client does when everything is there at once: 1024 bytes per recv(). */
    private static List<byte[]> labReads(byte[] stream) {
        List<byte[]> reads = new ArrayList<>();
        for (int at = 0; at < stream.length; at += 1024) {
            reads.add(Arrays.copyOfRange(stream, at, Math.min(stream.length, at + 1024)));
        }
        return reads;
    }

    /** What the parts say, joined: each read is "NAME: PART " plus padding spaces (texts here have no spaces). */
    private static String joined(String name, List<byte[]> reads) throws CharacterCodingException {
        StringBuilder text = new StringBuilder();
        for (byte[] read : reads) {
            String relay = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(read)).toString();
            assertThat(relay).startsWith(name + ": ").endsWith(" ");
            text.append(relay.substring(name.length() + 2).stripTrailing());
        }
        return text.toString();
    }

    @Test
    void aRelayThatFitsIsTheLabsOwnLayout() {
        assertThat(utf8(LabRelayParts.encode("bøb", "hi"))).isEqualTo("bøb: hi ");
        String text = "x".repeat(1024 - "alice: ".length() - 1);
        assertThat(LabRelayParts.encode("alice", text)).hasSize(1024);
        assertThat(utf8(LabRelayParts.encode("alice", text))).isEqualTo("alice: " + text + " ");
    }

    @Test
    void oneByteMoreMakesTwoRelaysTheFirstExactly1024Bytes() {
        String text = "x".repeat(1017);
        byte[] stream = LabRelayParts.encode("alice", text);
        assertThat(utf8(stream)).isEqualTo("alice: " + "x".repeat(1016) + " " + "alice: x ");
    }

    @Test
    void partsAreCutBetweenCharactersAndPaddedSoEveryLabReadIsOneWholePart() throws Exception {
        // "mallory: " is 9 bytes: room for 1014 bytes before the trailing space; in one relay the é would sit across
        // byte 1024, so the first part ends before it (and is exactly 1024 bytes with its space).
        String text = "x".repeat(1014) + "é" + "tail";
        byte[] stream = LabRelayParts.encode("mallory", text);
        List<byte[]> reads = labReads(stream);
        assertThat(reads).hasSize(2);
        assertThat(utf8(reads.get(0))).isEqualTo("mallory: " + "x".repeat(1014) + " ");
        assertThat(utf8(reads.get(1))).isEqualTo("mallory: étail ");
        assertThat(joined("mallory", reads)).isEqualTo(text);

        // "alice: " leaves 1016 bytes: 338 three-byte characters (1014 bytes), then the padding fills the part to 1024.
        String euros = "€".repeat(339);
        List<byte[]> parts = labReads(LabRelayParts.encode("alice", euros));
        assertThat(utf8(parts.get(0))).isEqualTo("alice: " + "€".repeat(338) + "   ");
        assertThat(utf8(parts.get(1))).isEqualTo("alice: € ");
    }

    @Test
    void anyTextInAnyScriptIsIntactAcrossRelaysOfAtMost1024BytesThatNeverStartWithAMap() throws Exception {
        Random random = new Random(17);
        String[] scripts = {"a", "é", "€", "👋", "!{"};
        for (int round = 0; round < 500; round++) {
            StringBuilder text = new StringBuilder();
            int bytes = 1 + random.nextInt(8192);
            for (int length = 0; length < bytes; ) {
                String piece = scripts[random.nextInt(scripts.length)];
                text.append(piece);
                length += piece.getBytes(StandardCharsets.UTF_8).length;
            }
            String name = round % 2 == 0 ? "bøb" : "n".repeat(1 + random.nextInt(120));
            byte[] stream = LabRelayParts.encode(name, text.toString());
            List<byte[]> reads = labReads(stream);
            assertThat(joined(name, reads)).isEqualTo(text.toString());
            for (byte[] read : reads) {
                assertThat(read[0]).isNotEqualTo((byte) '!');
            }
        }
    }

    @Test
    void aNameThatLeavesNoRoomIsABug() {
        assertThatThrownBy(() -> LabRelayParts.encode("👋".repeat(255), "x".repeat(100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaves no room");
    }
}
