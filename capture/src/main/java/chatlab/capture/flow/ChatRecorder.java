package chatlab.capture.flow;

import chatlab.capture.decode.IpAddresses;
import chatlab.capture.decode.Packet;
import chatlab.capture.decode.TcpHeader;
import chatlab.capture.file.Frame;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rebuilds the lab chat: each TCP connection to the server port is reassembled per direction and cut into
 * messages; the client's first message is its name, the server sends {@code !} plus a JSON map of names to addresses
 * and relays {@code NAME: TEXT } (with a trailing space); UDP datagrams on the port are direct messages in UTF-8.
 */
final class ChatRecorder {
    private final ChatLog log = new ChatLog();
    private final int serverPort;
    private final Map<TcpConnection, Streams> streams = new IdentityHashMap<>();

    private final class Streams {
        final String clientAddress;
        final String serverAddress;
        final StreamReassembler toServer;
        final StreamReassembler toClient;
        boolean registered;
        String clientName;

        Streams(String clientAddress, String serverAddress) {
            this.clientAddress = clientAddress;
            this.serverAddress = serverAddress;
            this.toServer = new StreamReassembler(new DirectionSink(this, true));
            this.toClient = new StreamReassembler(new DirectionSink(this, false));
        }
    }

    /** Where one direction's reassembled messages and gaps go. */
    private final class DirectionSink implements StreamReassembler.Sink {
        private final Streams streams;
        private final boolean fromClient;

        DirectionSink(Streams streams, boolean fromClient) {
            this.streams = streams;
            this.fromClient = fromClient;
        }

        @Override
        public void message(byte[] bytes, long frame, long nanos) {
            if (fromClient) {
                fromClient(streams, bytes, frame, nanos);
            } else {
                fromServer(streams, bytes, frame, nanos);
            }
        }

        @Override
        public void gap(long missing, long frame, long nanos) {
            String client = clientLabel(streams);
            String server = "server (" + streams.serverAddress + ")";
            log.add(new ChatLog.Line(frame, nanos, ChatLog.Kind.NOTE, fromClient ? client : server,
                    fromClient ? server : client, missing + " bytes missing from the capture"));
        }
    }

    ChatRecorder(int serverPort) {
        this.serverPort = serverPort;
    }

    ChatLog log() {
        return log;
    }

    void tcp(TcpConnection c, Frame f, Packet p, boolean fromA) {
        if (c.portA() != serverPort && c.portB() != serverPort) {
            return;
        }
        boolean clientIsA = c.clientIsA(serverPort);
        Streams s = streams.computeIfAbsent(c, k -> new Streams(clientIsA ? k.addressA() : k.addressB(),
                clientIsA ? k.addressB() : k.addressA()));
        boolean fromClient = fromA == clientIsA;
        StreamReassembler r = fromClient ? s.toServer : s.toClient;
        if ((p.tcpFlags & TcpHeader.SYN) != 0) {
            r.synSeen(p.tcpSeq);
        }
        int captured = p.payloadCapturedLength();
        int reported = p.payloadReportedLength();
        if (reported == 0) {
            return;
        }
        byte[] data = new byte[captured];
        System.arraycopy(f.data, p.payloadOffset(), data, 0, captured);
        r.segment(p.tcpSeq, data, (p.tcpFlags & (TcpHeader.PSH | TcpHeader.FIN)) != 0 || captured < reported,
                f.number, f.timestampNanos);
    }

    void udp(Frame f, Packet p) {
        if (p.srcPort != serverPort && p.dstPort != serverPort) {
            return;
        }
        int n = p.payloadCapturedLength();
        byte[] data = new byte[n];
        System.arraycopy(f.data, p.payloadOffset(), data, 0, n);
        String src = IpAddresses.format(p.ipVersion, p.srcHi, p.srcLo);
        String dst = IpAddresses.format(p.ipVersion, p.dstHi, p.dstLo);
        log.add(new ChatLog.Line(f.number, f.timestampNanos, ChatLog.Kind.DIRECT_MESSAGE, label(src), label(dst),
                text(data)));
    }

    void finish() {
        for (Streams s : streams.values()) {
            s.toServer.finish();
            s.toClient.finish();
        }
    }

    /** "name (address)" with the latest name seen for the address, or the address alone. */
    private String label(String address) {
        String name = log.nameOf(address);
        return name == null ? address : name + " (" + address + ")";
    }

    /** The client of a connection under the name it registered on that connection. */
    private String clientLabel(Streams s) {
        return s.clientName == null ? label(s.clientAddress) : s.clientName + " (" + s.clientAddress + ")";
    }

    /**
     * A client message; line-based clients (nc, scripts) end each message with a newline (an optional CR before it
     * is dropped), so a chunk holding newlines is several messages. The lab client never sends a newline.
     */
    private void fromClient(Streams s, byte[] bytes, long frame, long nanos) {
        String t = text(bytes);
        String[] parts = t.indexOf('\n') < 0 ? new String[] {t} : t.split("\r?\n");
        for (String part : parts) {
            if (!s.registered) {
                s.registered = true;
                s.clientName = part;
                log.learnName(s.clientAddress, part);
                log.add(new ChatLog.Line(frame, nanos, ChatLog.Kind.REGISTER, clientLabel(s),
                        "server (" + s.serverAddress + ")", part));
            } else {
                log.add(new ChatLog.Line(frame, nanos, ChatLog.Kind.ROOM_MESSAGE, clientLabel(s), "everyone", part));
            }
        }
    }

    private void fromServer(Streams s, byte[] bytes, long frame, long nanos) {
        String t = text(bytes);
        while (!t.isEmpty()) {
            if (t.charAt(0) == '!') {
                int end = jsonObjectEnd(t, 1);
                String json = end < 0 ? t.substring(1) : t.substring(1, end);
                Map<String, String> users = parseFlatStringMap(json);
                users.forEach((name, addr) -> log.learnName(addr, name));
                log.add(new ChatLog.Line(frame, nanos, ChatLog.Kind.USER_LIST, "server (" + s.serverAddress + ")",
                        clientLabel(s), users.isEmpty() ? json : users.toString()));
                t = end < 0 ? "" : t.substring(end);
            } else {
                String body = t.endsWith(" ") ? t.substring(0, t.length() - 1) : t;
                int colon = body.indexOf(": ");
                String author = colon > 0 ? body.substring(0, colon) : "?";
                String msg = colon > 0 ? body.substring(colon + 2) : body;
                log.add(new ChatLog.Line(frame, nanos, ChatLog.Kind.RELAY, author, clientLabel(s), msg));
                t = "";
            }
        }
    }

    /** Index just past the JSON object that starts at {@code from}, or -1. */
    static int jsonObjectEnd(String t, int from) {
        if (from >= t.length() || t.charAt(from) != '{') {
            return -1;
        }
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < t.length(); i++) {
            char c = t.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    /** Parses {"a": "b", ...} with string keys and values (RFC 8259 strings); returns empty on anything else. */
    static Map<String, String> parseFlatStringMap(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        int[] pos = {0};
        try {
            skipWs(json, pos);
            expect(json, pos, '{');
            skipWs(json, pos);
            if (json.charAt(pos[0]) == '}') {
                return out;
            }
            while (true) {
                skipWs(json, pos);
                String k = string(json, pos);
                skipWs(json, pos);
                expect(json, pos, ':');
                skipWs(json, pos);
                String v = string(json, pos);
                out.put(k, v);
                skipWs(json, pos);
                char c = json.charAt(pos[0]++);
                if (c == '}') {
                    return out;
                }
                if (c != ',') {
                    return new LinkedHashMap<>();
                }
            }
        } catch (RuntimeException e) {
            return new LinkedHashMap<>();
        }
    }

    private static void skipWs(String s, int[] p) {
        while (p[0] < s.length() && Character.isWhitespace(s.charAt(p[0]))) {
            p[0]++;
        }
    }

    private static void expect(String s, int[] p, char c) {
        if (s.charAt(p[0]++) != c) {
            throw new IllegalArgumentException();
        }
    }

    private static String string(String s, int[] p) {
        expect(s, p, '"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = s.charAt(p[0]++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = s.charAt(p[0]++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(p[0], p[0] + 4), 16));
                        p[0] += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    /** UTF-8 text, or a hex note when the bytes are not valid UTF-8. */
    static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "[" + bytes.length + " bytes, not UTF-8]";
        }
    }
}
