package chatlab.bench.jmh;

import chatlab.protocol.Limits;
import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ClientMessageDecoder;
import chatlab.protocol.v2.ClientMessageEncoder;
import chatlab.protocol.v2.ServerMessage;
import chatlab.protocol.v2.ServerMessageDecoder;
import chatlab.protocol.v2.ServerMessageEncoder;
import chatlab.protocol.v2.UserInfo;
import chatlab.protocol.v2.Wire;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The v2 wire's per-message codecs, each way: a client's {@code say} (client encodes, server decodes), the relayed
 * {@code message} (server encodes once for all v2 recipients, each client decodes), the sender's {@code ack}, and
 * presence ({@code joined} and {@code left}, sent to every v2 client on each change). Decoders take the line
 * without its newline, as the server's and the client's framers hand it over.
 */
public class V2CodecBenchmark extends BenchmarkSettings {
    /** The limits a welcome announces: the server's defaults. */
    static final ServerMessage.AnnouncedLimits LIMITS = new ServerMessage.AnnouncedLimits(
            Limits.DEFAULT_MAX_LINE_BYTES, Limits.DEFAULT_MAX_MESSAGE_BYTES, Limits.DEFAULT_MAX_NAME_CHARS,
            Limits.DEFAULT_MESSAGES_PER_SECOND, Limits.DEFAULT_BURST_MESSAGES, 30_000, 90_000);
    /** A client's message id as the chatlab client makes them: a random prefix and a counter. */
    static final String ID = "2k7f9q1x0m3hz-1042";
    static final long SEQ = 1_234_567;

    /** Messages and their encoded lines that depend on the text of the chat message. */
    @State(Scope.Thread)
    public static class Chat {
        ServerMessage.Message message;
        ClientMessage.Say say;
        byte[] messageLine;
        byte[] sayLine;

        @Setup
        public void setUp(MessageText text, Codecs codecs) {
            message = new ServerMessage.Message(MessageText.SENDER, text.value, SEQ, Workload.TIME, ID, false, Wire.V2);
            say = new ClientMessage.Say(ID, text.value, false);
            messageLine = codecs.serverEncoder.encode(message);
            sayLine = codecs.clientEncoder.encode(say);
        }
    }

    /** The codecs, and the fixed-size messages with their encoded lines. */
    @State(Scope.Thread)
    public static class Codecs {
        final ServerMessageEncoder serverEncoder = new ServerMessageEncoder();
        final ServerMessageDecoder serverDecoder = new ServerMessageDecoder();
        final ClientMessageEncoder clientEncoder = new ClientMessageEncoder();
        final ClientMessageDecoder clientDecoder = new ClientMessageDecoder();
        ServerMessage.Ack ack;
        ServerMessage.Joined joined;
        ServerMessage.Left left;
        byte[] ackLine;
        byte[] joinedLine;
        byte[] leftLine;

        @Setup
        public void setUp() {
            ack = new ServerMessage.Ack(ID, SEQ, Workload.TIME, false);
            joined = new ServerMessage.Joined(new UserInfo("ingrid.berg", "2001:700:300:4002:8d3a:1f27:c4e0:9b12",
                    Workload.UDP_PORT, Wire.V2, Workload.TIME));
            left = new ServerMessage.Left("ingrid.berg", "closed by the client");
            ackLine = serverEncoder.encode(ack);
            joinedLine = serverEncoder.encode(joined);
            leftLine = serverEncoder.encode(left);
        }
    }

    @Benchmark
    public byte[] sayEncode(Chat chat, Codecs codecs) {
        return codecs.clientEncoder.encode(chat.say);
    }

    @Benchmark
    public ClientMessage sayDecode(Chat chat, Codecs codecs) {
        return codecs.clientDecoder.decode(chat.sayLine, 0, chat.sayLine.length - 1);
    }

    @Benchmark
    public byte[] messageEncode(Chat chat, Codecs codecs) {
        return codecs.serverEncoder.encode(chat.message);
    }

    @Benchmark
    public ServerMessage messageDecode(Chat chat, Codecs codecs) throws Exception {
        return codecs.serverDecoder.decode(chat.messageLine, 0, chat.messageLine.length - 1);
    }

    @Benchmark
    public byte[] ackEncode(Codecs codecs) {
        return codecs.serverEncoder.encode(codecs.ack);
    }

    @Benchmark
    public ServerMessage ackDecode(Codecs codecs) throws Exception {
        return codecs.serverDecoder.decode(codecs.ackLine, 0, codecs.ackLine.length - 1);
    }

    @Benchmark
    public byte[] joinedEncode(Codecs codecs) {
        return codecs.serverEncoder.encode(codecs.joined);
    }

    @Benchmark
    public ServerMessage joinedDecode(Codecs codecs) throws Exception {
        return codecs.serverDecoder.decode(codecs.joinedLine, 0, codecs.joinedLine.length - 1);
    }

    @Benchmark
    public byte[] leftEncode(Codecs codecs) {
        return codecs.serverEncoder.encode(codecs.left);
    }

    @Benchmark
    public ServerMessage leftDecode(Codecs codecs) throws Exception {
        return codecs.serverDecoder.decode(codecs.leftLine, 0, codecs.leftLine.length - 1);
    }
}
