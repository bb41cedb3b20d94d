package chatlab.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ErrorCode;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageEncoder;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines made by the protocol module's own encoder, cut into reads in different ways. */
class V2LineScannerTest {
    private static final ServerMessageEncoder ENCODER = new ServerMessageEncoder();
    private static final Instant T = Instant.parse("2026-11-25T13:38:31Z");

    private final RecordingInbound inbound = new RecordingInbound();
    private final V2LineScanner scanner = new V2LineScanner(inbound);

    private static UserInfo user(String name) {
        return new UserInfo(name, "127.0.0.2", 0, Wire.V2, T);
    }

    private static byte[] welcome(String... names) {
        List<UserInfo> users = java.util.Arrays.stream(names).map(V2LineScannerTest::user).toList();
        return ENCODER.encode(new ServerMessage.Welcome(2, "chatlab", names[names.length - 1], "127.0.0.2",
                new ServerMessage.AnnouncedLimits(16384, 4096, 32, 20, 40, 30000, 90000), users));
    }

    private static byte[] message(int sender, long seq) {
        return ENCODER.encode(new ServerMessage.Message("b" + sender,
                new String(Stamp.text(sender, seq, 40), StandardCharsets.US_ASCII), seq + 100, T, Long.toString(seq),
                false, Wire.V2));
    }

    private byte[] session() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(welcome("b0", "b1"));
        stream.writeBytes(ENCODER.encode(new ServerMessage.Joined(user("b2"))));
        stream.writeBytes(message(1, 0));
        stream.writeBytes(ENCODER.encode(new ServerMessage.Presence(List.of(user("b3"), user("b4")),
                List.of(new ServerMessage.Left("b0", "closed by the client")))));
        stream.writeBytes(ENCODER.encode(new ServerMessage.Ack("7", 3, T, false)));
        stream.writeBytes(message(2, 5));
        stream.writeBytes(ENCODER.encode(new ServerMessage.Ping("t1")));
        stream.writeBytes(ENCODER.encode(new ServerMessage.Error(ErrorCode.RATE_LIMITED, "too fast", "8")));
        return stream.toByteArray();
    }

    private long presenceBytesOf() {
        return welcome("b0", "b1").length + ENCODER.encode(new ServerMessage.Joined(user("b2"))).length
                + ENCODER.encode(new ServerMessage.Presence(List.of(user("b3"), user("b4")),
                        List.of(new ServerMessage.Left("b0", "closed by the client")))).length;
    }

    @Test
    void findsMessagesPresenceAndErrorsInWholeLines() {
        byte[] bytes = session();
        scanner.read(bytes, 0, bytes.length);
        assertThat(inbound.messages).containsExactly("1/0", "2/5");
        assertThat(inbound.rosters).containsExactly(2, 3, 4);
        assertThat(scanner.users()).isEqualTo(4);
        assertThat(inbound.rosterHashes.get(2)).isEqualTo(NameHash.of("b1") + NameHash.of("b2") + NameHash.of("b3")
                + NameHash.of("b4"));
        assertThat(inbound.presenceBytes).isEqualTo(presenceBytesOf());
        assertThat(inbound.pings).containsExactly("t1");
        assertThat(inbound.errors).containsExactly("rate_limited: too fast");
    }

    @Test
    void fedOneByteAtATimeItFindsTheSame() {
        byte[] bytes = session();
        for (int i = 0; i < bytes.length; i++) {
            scanner.read(bytes, i, 1);
        }
        assertThat(inbound.messages).containsExactly("1/0", "2/5");
        assertThat(inbound.rosters).containsExactly(2, 3, 4);
        assertThat(inbound.presenceBytes).isEqualTo(presenceBytesOf());
    }

    @Test
    void aDeflatedPresenceIsFollowedToo() {
        byte[] deflated = ENCODER.deflated(ENCODER.encode(new ServerMessage.Joined(user("b9"))));
        byte[] welcome = welcome("b0");
        scanner.read(welcome, 0, welcome.length);
        scanner.read(deflated, 0, deflated.length);
        assertThat(inbound.rosters).containsExactly(1, 2);
        assertThat(inbound.presenceBytes).isEqualTo(welcome.length + deflated.length);
    }

    @Test
    void theShortcutForPresenceNamesAgreesWithTheProtocolDecoder() {
        List<byte[]> lines = List.of(welcome("b0", "b1", "b2"), ENCODER.encode(new ServerMessage.Joined(user("b3"))),
                ENCODER.encode(new ServerMessage.Left("b1", "closed by the client")),
                ENCODER.encode(new ServerMessage.Presence(List.of(user("b4"), user("b1")),
                        List.of(new ServerMessage.Left("b0", "gone"), new ServerMessage.Left("b1", "came back")))),
                ENCODER.encode(new ServerMessage.Presence(List.of(), List.of(new ServerMessage.Left("b3", "x")))),
                ENCODER.encode(new ServerMessage.Presence(List.of(user("b5")), List.of())),
                welcome("b9"));
        RecordingInbound fast = new RecordingInbound();
        RecordingInbound whole = new RecordingInbound();
        V2Roster shortcut = new V2Roster(fast, true);
        V2Roster decoder = new V2Roster(whole, false);
        List<byte[]> wire = new java.util.ArrayList<>();
        for (byte[] line : lines) {
            wire.add(line);
            wire.add(ENCODER.deflated(line)); // the same again, deflated, as a client that asks for it gets it
        }
        for (byte[] line : wire) {
            shortcut.line(line, 0, line.length - 1, line.length);
            decoder.line(line, 0, line.length - 1, line.length);
            assertThat(fast.rosters).isEqualTo(whole.rosters);
            assertThat(fast.rosterHashes).isEqualTo(whole.rosterHashes);
            assertThat(fast.presenceBytes).isEqualTo(whole.presenceBytes);
        }
        assertThat(whole.rosters).containsExactly(3, 3, 4, 4, 3, 3, 4, 4, 3, 3, 4, 4, 1, 1);
        assertThat(fast.errors).isEmpty();
        assertThat(shortcut.decodedLines()).as("every presence line, plain or deflated, took the shortcut").isZero();
        assertThat(decoder.decodedLines()).isEqualTo(wire.size());
    }

    @Test
    void clientsGivenTheSameLineShareOneParseAndStillGetWhatTheDecoderWould() {
        // Same length, different names: only a byte-for-byte match may be taken from the cache.
        byte[] first = ENCODER.encode(new ServerMessage.Presence(List.of(user("b4")), List.of()));
        byte[] second = ENCODER.encode(new ServerMessage.Presence(List.of(user("b5")), List.of()));
        assertThat(first).hasSameSizeAs(second);
        PresenceLineCache cache = PresenceLineCache.forThisThread();
        long hitsBefore = cache.hits();
        List<RecordingInbound> fast = List.of(new RecordingInbound(), new RecordingInbound(), new RecordingInbound());
        RecordingInbound whole = new RecordingInbound();
        V2Roster decoder = new V2Roster(whole, false);
        List<V2Roster> shortcuts = fast.stream().map(in -> new V2Roster(in, true)).toList();
        for (byte[] line : List.of(welcome("b0"), first, second, ENCODER.deflated(first))) {
            decoder.line(line, 0, line.length - 1, line.length);
            for (V2Roster roster : shortcuts) {
                roster.line(line, 0, line.length - 1, line.length);
            }
        }
        for (RecordingInbound in : fast) {
            assertThat(in.rosters).isEqualTo(whole.rosters).containsExactly(1, 2, 3, 3);
            assertThat(in.rosterHashes).isEqualTo(whole.rosterHashes);
        }
        assertThat(cache.hits() - hitsBefore).as("the second and third client of each line").isGreaterThanOrEqualTo(8);
    }

    @Test
    void withoutFollowingNamesItOnlyRegistersAndCountsPresenceBytes() {
        RecordingInbound counting = new RecordingInbound() {
            @Override
            public boolean followsNames() {
                return false;
            }
        };
        V2LineScanner idle = new V2LineScanner(counting);
        byte[] deflated = ENCODER.deflated(ENCODER.encode(new ServerMessage.Joined(user("b9"))));
        byte[] bytes = session();
        idle.read(bytes, 0, bytes.length);
        idle.read(deflated, 0, deflated.length);
        assertThat(counting.rosters).containsExactly(0);
        assertThat(counting.presenceBytes).isEqualTo(presenceBytesOf() + deflated.length);
        assertThat(counting.messages).containsExactly("1/0", "2/5");
        assertThat(counting.pings).containsExactly("t1");
        assertThat(counting.errors).containsExactly("rate_limited: too fast");
    }

    @Test
    void aLineThatCannotBeDecodedIsAnError() {
        byte[] line = "{\"type\":\"shout\"}\n".getBytes(StandardCharsets.UTF_8);
        scanner.read(line, 0, line.length);
        assertThat(inbound.errors).singleElement().asString().startsWith("garbled: ");
    }
}
