package chatlab.capture.report;

import static chatlab.capture.report.LabAnswers.map;

import chatlab.capture.decode.UdpHeader;
import chatlab.capture.flow.Analysis;
import chatlab.capture.flow.FrameCopy;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Q7 to Q10: the UDP header of the chosen datagram, and the largest payload.
 *
 * @param first the chosen datagram, or null when the capture has none
 */
public record UdpAnswers(Datagram first) implements JsonObject {
    static UdpAnswers of(Analysis a) {
        return new UdpAnswers(Datagram.of(a));
    }

    @Override
    public Map<String, Object> jsonFields() {
        return map("first", first, "max_payload", LabAnswers.UDP_MAX_PAYLOAD,
                "max_payload_ipv4", LabAnswers.UDP_MAX_PAYLOAD_IPV4, "max_payload_ipv6", LabAnswers.UDP_MAX_PAYLOAD_IPV6);
    }

    /**
     * One datagram's header, field by field (RFC 768: four 2-byte fields).
     *
     * @param chosenBy why this datagram answers the questions
     * @param checksum the checksum field in hex
     * @param payloadLen the payload length the IP header gives
     * @param lengthMatches whether the Length field is 8 plus that
     * @param lengthCheck the check, in words
     * @param payloadText the captured payload as UTF-8
     * @param fragments for a datagram rebuilt from IP fragments, how many (the last is in {@code frame}); else null
     * @param firstFragmentFrame the frame of the first of them, null with it
     */
    public record Datagram(long frame, String chosenBy, int sourcePort, int destinationPort, int lengthField,
            String checksum, int payloadLen, boolean lengthMatches, String lengthCheck, String payloadText,
            Integer fragments, Long firstFragmentFrame) implements JsonObject {
        /** RFC 768: Source Port, Destination Port, Length, Checksum. */
        public static final int FIELDS = 4;
        public static final String LENGTH_COVERS = "the UDP header (8 bytes) plus the payload";

        static Datagram of(Analysis a) {
            FrameCopy d = a.udpCopy();
            if (d == null) {
                return null;
            }
            byte[] b = d.bytes();
            int off = d.l4Offset();
            int length = UdpHeader.length(b, off);
            int payload = d.l4ReportedLength() - UdpHeader.LENGTH;
            boolean matches = length == UdpHeader.LENGTH + payload;
            int captured = Math.max(0, Math.min(b.length - d.payloadOffset(), payload));
            return new Datagram(d.number(), a.udpChoice(), UdpHeader.sourcePort(b, off),
                    UdpHeader.destinationPort(b, off), length, String.format("0x%04x", UdpHeader.checksum(b, off)),
                    payload, matches, length + " = 8 (header) + " + payload + " (payload)" + (matches ? ""
                            : " does NOT hold: the IP header says the datagram is " + d.l4ReportedLength() + " bytes"),
                    captured > 0 ? new String(b, d.payloadOffset(), captured, StandardCharsets.UTF_8) : "",
                    d.fragments() > 0 ? d.fragments() : null, d.fragments() > 0 ? d.firstFragmentFrame() : null);
        }

        @Override
        public Map<String, Object> jsonFields() {
            return map("frame", frame, "chosen_by", chosenBy, "fields", FIELDS, "field_bytes", UdpHeader.FIELD_BYTES,
                    "header_len", UdpHeader.LENGTH, "source_port", sourcePort, "destination_port", destinationPort,
                    "length_field", lengthField, "checksum", checksum, "payload_len", payloadLen,
                    "length_covers", LENGTH_COVERS, "length_matches", lengthMatches, "length_check", lengthCheck,
                    "payload_text", payloadText, "fragments", fragments, "first_fragment_frame", firstFragmentFrame);
        }
    }
}
