package chatlab.protocol.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history messages (docs/PROTOCOL.md, History): each round-trips, and the bytes are the documented ones. */
class HistoryCodecTest {
    private static final Instant TIME = Instant.parse("2026-12-07T12:41:07Z");

    private final ClientMessageEncoder clientEncoder = new ClientMessageEncoder();
    private final ClientMessageDecoder clientDecoder = new ClientMessageDecoder();
    private final ServerMessageEncoder serverEncoder = new ServerMessageEncoder();
    private final ServerMessageDecoder serverDecoder = new ServerMessageDecoder();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] line) {
        return new String(line, StandardCharsets.UTF_8);
    }

    @Test
    void historyAndSearchRequestsRoundTrip() {
        List<ClientMessage> requests = List.of(
                new ClientMessage.History("#dev", 0, 0, null),
                new ClientMessage.History("#dev", 120, 50, "h1"),
                new ClientMessage.History(null, 7, 0, null),
                new ClientMessage.Search("#dev", "zürich straße", 0, 0, null),
                new ClientMessage.Search("#dev", "release", 4_000_000_000L, 20, "s1"),
                new ClientMessage.Search(null, "日本語", 0, 0, null));
        for (ClientMessage request : requests) {
            assertThat(clientDecoder.decode(V2CodecTest.withoutNewline(clientEncoder.encode(request)))).isEqualTo(request);
        }
    }

    @Test
    void pagesAndHistoryMessagesRoundTrip() throws V2DecodeException {
        List<ServerMessage> messages = List.of(
                new ServerMessage.Message("alice", "earlier", 71, TIME, "id-1", false, Wire.V2, "#dev", true),
                new ServerMessage.Message("bob", "from the lab", 72, TIME, null, false, Wire.LAB, null, true),
                new ServerMessage.HistoryEnd("#dev", null, 50, true, 71),
                new ServerMessage.HistoryEnd("#dev", "h1", 0, false, 0),
                new ServerMessage.HistoryEnd(null, null, 3, false, 1),
                new ServerMessage.SearchEnd("#dev", "s1", "zürich", 2, true, 40),
                new ServerMessage.SearchEnd("#dev", null, "nothing", 0, false, 0),
                new ServerMessage.Error(ErrorCode.NOT_STORED, ErrorCode.NOT_STORED.sentence(), "id-9", "#dev"),
                new ServerMessage.Error(ErrorCode.HISTORY_OFF, ErrorCode.HISTORY_OFF.sentence(), "h2", "#dev"));
        for (ServerMessage message : messages) {
            assertThat(serverDecoder.decode(V2CodecTest.withoutNewline(serverEncoder.encode(message)))).isEqualTo(message);
        }
    }

    /** The lines docs/PROTOCOL.md shows, byte for byte; a live message carries no history field at all. */
    @Test
    void theDocumentedLines() {
        assertThat(text(clientEncoder.encode(new ClientMessage.History("#dev", 71, 50, "h1"))))
                .isEqualTo("{\"type\":\"history\",\"room\":\"#dev\",\"before\":71,\"count\":50,\"id\":\"h1\"}\n");
        assertThat(text(clientEncoder.encode(new ClientMessage.History("#dev", 0, 0, null))))
                .isEqualTo("{\"type\":\"history\",\"room\":\"#dev\"}\n");
        assertThat(text(clientEncoder.encode(new ClientMessage.Search("#dev", "zürich", 0, 20, "s1"))))
                .isEqualTo("{\"type\":\"search\",\"room\":\"#dev\",\"count\":20,\"id\":\"s1\",\"text\":\"zürich\"}\n");
        assertThat(text(serverEncoder.encode(new ServerMessage.Message("alice", "earlier", 71, TIME, "id-1", false,
                Wire.V2, "#dev", true)))).isEqualTo("{\"type\":\"message\",\"room\":\"#dev\",\"from\":\"alice\","
                + "\"text\":\"earlier\",\"seq\":71,\"time\":\"2026-12-07T12:41:07Z\",\"id\":\"id-1\",\"wire\":\"v2\","
                + "\"history\":true}\n");
        assertThat(text(serverEncoder.encode(new ServerMessage.Message("alice", "now", 72, TIME, "id-2", false,
                Wire.V2, "#dev")))).doesNotContain("history");
        assertThat(text(serverEncoder.encode(new ServerMessage.HistoryEnd("#dev", "h1", 50, true, 71))))
                .isEqualTo("{\"type\":\"history\",\"room\":\"#dev\",\"id\":\"h1\",\"count\":50,\"more\":true,"
                        + "\"before\":71}\n");
        assertThat(text(serverEncoder.encode(new ServerMessage.SearchEnd("#dev", "s1", "zürich", 2, false, 40))))
                .isEqualTo("{\"type\":\"search\",\"room\":\"#dev\",\"id\":\"s1\",\"count\":2,\"more\":false,"
                        + "\"before\":40,\"text\":\"zürich\"}\n");
    }

    @Test
    void badRequestsAreErrorValues() {
        assertThat(clientDecoder.decode(bytes("{\"type\":\"search\",\"room\":\"#dev\"}")))
                .isEqualTo(new ClientMessage.Malformed(ErrorCode.BAD_FIELD, "field \"text\" must be a string",
                        null));
        assertThat(clientDecoder.decode(bytes("{\"type\":\"history\",\"before\":-1}")))
                .isInstanceOf(ClientMessage.Malformed.class);
        assertThat(clientDecoder.decode(bytes("{\"type\":\"history\",\"count\":\"50\"}")))
                .isEqualTo(new ClientMessage.Malformed(ErrorCode.BAD_FIELD, "field \"count\" must be a whole number",
                        null));
        // Unknown fields are ignored, as everywhere: a later client may add some.
        assertThat(clientDecoder.decode(bytes("{\"type\":\"history\",\"room\":\"#a\",\"around\":5}")))
                .isEqualTo(new ClientMessage.History("#a", 0, 0, null));
    }
}
