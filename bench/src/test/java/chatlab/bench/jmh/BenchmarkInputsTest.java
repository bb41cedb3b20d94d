package chatlab.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.lab.LabInbound;
import chatlab.protocol.lab.LabServerEvent;
import chatlab.protocol.lab.LabServerStreamSplitter;
import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.infra.Blackhole;

/** The benchmarks measure correct work: their inputs are what they claim, and their outputs decode back. */
class BenchmarkInputsTest {
    private static final Blackhole BLACKHOLE = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @ParameterizedTest
    @ValueSource(strings = {Workload.ASCII_64, Workload.ASCII_1000, Workload.UTF8_64, Workload.UTF8_1000})
    void textsHaveTheirExactUtf8LengthAndKind(String kind) {
        MessageText text = text(kind);

        assertThat(text.bytes).hasSize(Integer.parseInt(kind.substring(kind.indexOf('-') + 1)));
        assertThat(text.value.chars().anyMatch(c -> c > 0x7f)).isEqualTo(kind.startsWith("utf8"));
        assertThat(new String(text.bytes, StandardCharsets.UTF_8)).isEqualTo(text.value);
    }

    @ParameterizedTest
    @CsvSource({"10, ipv4", "100, ipv6", "1000, ipv4"})
    void userMapOfTheRoomDecodesBackToTheRoom(int users, String addresses) throws Exception {
        UserMapBenchmark benchmark = new UserMapBenchmark();
        UserMapBenchmark.Room room = room(users, addresses);

        assertThat(room.userMap).hasSize(users);
        assertThat(room.userMap.keySet()).allMatch(name -> name.length() <= 32);
        assertThat(room.userMap.values()).allMatch(address -> addresses.equals(Workload.IPV4)
                ? address.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") : address.startsWith("2001:700:300:"));
        byte[] encoded = benchmark.labMapEncode(room);
        assertThat(benchmark.labMapFromRoster(room)).isEqualTo(encoded);
        assertThat(encoded).isEqualTo(room.mapBytes);
        assertThat(new String(encoded, StandardCharsets.US_ASCII)).startsWith("!{\"");
        assertThat(splitAll(encoded)).containsExactly(new LabServerEvent.UserMap(room.userMap));
        assertThat(benchmark.labMapDecode(room, BLACKHOLE)).isEqualTo(1);

        ServerMessage decoded = benchmark.v2WelcomeDecode(room);
        assertThat(decoded).isEqualTo(room.welcome);
        assertThat(new ServerMessageDecoder().decode(benchmark.v2WelcomeEncode(room))).isEqualTo(room.welcome);
    }

    @Test
    void someNamesNeedPythonsAsciiEscapes() {
        UserMapBenchmark.Room room = room(100, Workload.IPV4);

        assertThat(room.userMap.keySet()).anyMatch(name -> name.chars().anyMatch(c -> c > 0x7f));
        assertThat(new String(room.mapBytes, StandardCharsets.US_ASCII)).contains("\\u00f8");
    }

    @ParameterizedTest
    @ValueSource(strings = {Workload.ASCII_64, Workload.UTF8_1000})
    void labRelayAndFramerHandleTheMessage(String kind) {
        LabRelayBenchmark benchmark = new LabRelayBenchmark();
        MessageText text = text(kind);
        LabRelayBenchmark.Connection connection = new LabRelayBenchmark.Connection();

        assertThat(new String(benchmark.relayEncode(text), StandardCharsets.UTF_8))
                .isEqualTo(MessageText.SENDER + ": " + text.value + " ");
        assertThat(new String(benchmark.noticeEncode(connection), StandardCharsets.UTF_8))
                .isEqualTo("server: the name bjørn.strøm is taken; pick another ");
        List<Object> lines = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            assertThat(benchmark.framerOneRead(text, connection, BLACKHOLE)).isEqualTo(i);
        }
        connection.framer.feed(text.bytes, 0, text.bytes.length, lines::add);
        connection.framer.endOfRead(lines::add);
        assertThat(lines).containsExactly(new LabInbound.Line(text.value));
    }

    @ParameterizedTest
    @CsvSource({"10, per-write", "10, 4096", "1000, per-write", "1000, 4096"})
    void splitterFindsEveryMapAndAllTheTextInTheServerStream(int mapUsers, String reads) {
        LabStreamBenchmark.ServerStream stream = new LabStreamBenchmark.ServerStream();
        stream.mapUsers = mapUsers;
        stream.reads = reads;
        stream.setUp();
        LabServerStreamSplitter splitter = new LabServerStreamSplitter(UserMapBenchmark.CLIENT_MAX_PENDING_MAP_BYTES);
        List<LabServerEvent> events = new ArrayList<>();

        for (int i = 0; i + 1 < stream.cuts.length; i++) {
            splitter.feed(stream.stream, stream.cuts[i], stream.cuts[i + 1] - stream.cuts[i], events::add);
        }

        assertThat(splitter.pendingBytes()).isZero();
        List<Map<String, String>> maps = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (LabServerEvent event : events) {
            if (event instanceof LabServerEvent.UserMap map) {
                maps.add(map.users());
            } else {
                text.append(((LabServerEvent.Text) event).text());
            }
        }
        assertThat(maps).hasSize(stream.maps);
        assertThat(maps.get(maps.size() - 1)).hasSize(mapUsers + stream.maps);
        assertThat(stream.maps + stream.relays).isEqualTo(LabStreamBenchmark.WRITES);
        int relayBytes = text.toString().getBytes(StandardCharsets.UTF_8).length;
        int mapBytes = maps.stream().mapToInt(m -> LabFormat.userMapBytes(m).length).sum();
        assertThat(relayBytes + mapBytes).isEqualTo(stream.stream.length);

        LabStreamBenchmark benchmark = new LabStreamBenchmark();
        assertThat(benchmark.splitter(stream, BLACKHOLE)).isEqualTo(events.size());
        assertThat(stream.splitter.pendingBytes()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {LabStreamBenchmark.ClientStream.LAB_CLIENT, LabStreamBenchmark.ClientStream.LINES})
    void framerFindsEveryClientMessage(String sender) {
        LabStreamBenchmark.ClientStream stream = new LabStreamBenchmark.ClientStream();
        stream.sender = sender;
        stream.setUp();
        List<Object> lines = new ArrayList<>();
        stream.sink.to(null);

        for (int i = 0; i + 1 < stream.cuts.length; i++) {
            stream.framer.feed(stream.stream, stream.cuts[i], stream.cuts[i + 1] - stream.cuts[i], lines::add);
            stream.framer.endOfRead(lines::add);
        }

        assertThat(lines).containsExactlyElementsOf(
                LabStreamBenchmark.chatTexts(LabStreamBenchmark.WRITES).stream().map(LabInbound.Line::new).toList());
        assertThat(stream.framer.pendingBytes()).isZero();
        assertThat(new LabStreamBenchmark().framer(stream, BLACKHOLE)).isEqualTo(LabStreamBenchmark.WRITES);
    }

    @ParameterizedTest
    @ValueSource(strings = {Workload.ASCII_64, Workload.UTF8_1000})
    void v2MessagesDecodeBackToThemselves(String kind) throws Exception {
        V2CodecBenchmark benchmark = new V2CodecBenchmark();
        V2CodecBenchmark.Codecs codecs = new V2CodecBenchmark.Codecs();
        codecs.setUp();
        V2CodecBenchmark.Chat chat = new V2CodecBenchmark.Chat();
        chat.setUp(text(kind), codecs);

        assertThat(benchmark.sayEncode(chat, codecs)).isEqualTo(chat.sayLine);
        assertThat(benchmark.sayDecode(chat, codecs)).isEqualTo(chat.say);
        assertThat(benchmark.messageEncode(chat, codecs)).isEqualTo(chat.messageLine);
        assertThat(benchmark.messageDecode(chat, codecs)).isEqualTo(chat.message);
        assertThat(benchmark.ackDecode(codecs)).isEqualTo(codecs.ack);
        assertThat(benchmark.joinedDecode(codecs)).isEqualTo(codecs.joined);
        assertThat(benchmark.leftDecode(codecs)).isEqualTo(codecs.left);
        assertThat(benchmark.ackEncode(codecs)).isEqualTo(codecs.ackLine);
        assertThat(benchmark.joinedEncode(codecs)).isEqualTo(codecs.joinedLine);
        assertThat(benchmark.leftEncode(codecs)).isEqualTo(codecs.leftLine);
        assertThat(chat.say).isInstanceOf(ClientMessage.Say.class);
    }

    private static MessageText text(String kind) {
        MessageText text = new MessageText();
        text.text = kind;
        text.setUp();
        return text;
    }

    private static UserMapBenchmark.Room room(int users, String addresses) {
        UserMapBenchmark.Room room = new UserMapBenchmark.Room();
        room.users = users;
        room.addresses = addresses;
        room.setUp();
        return room;
    }

    private static List<LabServerEvent> splitAll(byte[] bytes) {
        List<LabServerEvent> events = new ArrayList<>();
        new LabServerStreamSplitter(UserMapBenchmark.CLIENT_MAX_PENDING_MAP_BYTES).feed(bytes, 0, bytes.length, events::add);
        return events;
    }
}
