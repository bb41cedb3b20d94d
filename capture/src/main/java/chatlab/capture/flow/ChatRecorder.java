package chatlab.capture.flow;

import static chatlab.capture.flow.V2FieldText.detail;
import static chatlab.capture.flow.V2FieldText.isTrue;
import static chatlab.capture.flow.V2FieldText.num;
import static chatlab.capture.flow.V2FieldText.prefixed;
import static chatlab.capture.flow.V2FieldText.str;
import static chatlab.capture.flow.V2FieldText.strOr;

import chatlab.capture.decode.IpAddresses;
import chatlab.capture.decode.JsonReader;
import chatlab.capture.decode.Packet;
import chatlab.capture.decode.TcpHeader;
import chatlab.capture.file.CaptureProblem;
import chatlab.capture.file.Frame;
import chatlab.capture.file.ProblemKinds;
import chatlab.wire.V2Fields;
import chatlab.wire.V2Tags;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rebuilds the lab chat: each TCP connection to the server port is reassembled per direction and cut into
 * messages; the client's first message is its name, the server sends {@code !} plus a JSON map of names to addresses
 * and relays {@code NAME: TEXT } (with a trailing space); UDP datagrams on the port are direct messages in UTF-8.
 *
 * <p>A connection whose client's first byte is {@code {} speaks chatlab's v2 wire instead: each direction is cut into
 * lines, each line read as a JSON object with a string {@code type} ({@link JsonReader}, strict and bounded) and
 * written as one transcript line; a line that is not such an object becomes a {@code BAD_LINE} with the reason.
 * UDP datagrams holding a v2 {@code dm} or {@code dm_ack} object are taken on any port.
 */
final class ChatRecorder implements StreamReassembler.Overflow {
    private final ChatLog log;
    private final int serverPort;
    private final ChatBudget budget;
    private final Consumer<CaptureProblem> problems;
    /** The chat state of every connection followed; each connection also points to its own (no lookup per packet). */
    private final List<Streams> streams = new ArrayList<>();
    /** The capture ended and every stream was finished. */
    private boolean finished;

    private final class Streams {
        /** Where it is in {@link #streams}, to drop it in constant time. */
        int index;
        /** The connection; its addresses are written out only when a line names them. */
        final TcpConnection connection;
        final boolean clientIsA;
        final StreamReassembler toServer;
        final StreamReassembler toClient;
        boolean registered;
        String clientName;
        /** null until the first byte of the connection is seen, then whether it speaks v2. */
        Boolean v2;
        LineSplitter toServerLines;
        LineSplitter toClientLines;
        /** The welcome said the room follows in the next presence ({@code users_follow}): its own user list. */
        Map<String, String> welcomeUsers;

        Streams(TcpConnection connection, boolean clientIsA) {
            this.connection = connection;
            this.clientIsA = clientIsA;
            this.toServer = new StreamReassembler(new DirectionSink(this, true), budget, ChatRecorder.this);
            this.toClient = new StreamReassembler(new DirectionSink(this, false), budget, ChatRecorder.this);
        }

        String serverLabel() {
            return "server (" + serverAddress() + ")";
        }

        String clientAddress() {
            return clientIsA ? connection.addressA() : connection.addressB();
        }

        String serverAddress() {
            return clientIsA ? connection.addressB() : connection.addressA();
        }

        LineSplitter lines(boolean fromClient) {
            if (fromClient) {
                if (toServerLines == null) {
                    toServerLines = new LineSplitter(new V2LineSink(this, true), budget);
                }
                return toServerLines;
            }
            if (toClientLines == null) {
                toClientLines = new LineSplitter(new V2LineSink(this, false), budget);
            }
            return toClientLines;
        }
    }

    /** Where one direction's v2 lines go. */
    private final class V2LineSink implements LineSplitter.Sink {
        private final Streams streams;
        private final boolean fromClient;

        V2LineSink(Streams streams, boolean fromClient) {
            this.streams = streams;
            this.fromClient = fromClient;
        }

        @Override
        public void line(byte[] line, long frame, long nanos) {
            v2Line(streams, fromClient, line, frame, nanos);
        }

        @Override
        public void broken(byte[] bytes, String reason, long frame, long nanos) {
            String from = fromClient ? clientLabel(streams) : streams.serverLabel();
            String to = fromClient ? streams.serverLabel() : clientLabel(streams);
            log.add(new ChatLog.Line(frame, nanos, ChatLog.Kind.BAD_LINE, from, to, text(bytes), "v2", reason));
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
            if (streams.v2 == null) {
                // the client's first byte decides; a capture that starts after it goes by the server's first byte
                streams.v2 = bytes.length > 0 && bytes[0] == '{';
            }
            if (streams.v2) {
                streams.lines(fromClient).feed(bytes, frame, nanos);
            } else if (fromClient) {
                fromClient(streams, bytes, frame, nanos);
            } else {
                fromServer(streams, bytes, frame, nanos);
            }
        }

        @Override
        public void gap(long missing, long frame, long nanos) {
            if (Boolean.TRUE.equals(streams.v2)) {
                streams.lines(fromClient).abandon("a line cut short by bytes missing from the capture");
            }
            String client = clientLabel(streams);
            String server = "server (" + streams.serverAddress() + ")";
            log.add(new ChatLog.Line(frame, nanos, ChatLog.Kind.NOTE, fromClient ? client : server,
                    fromClient ? server : client, missing + " bytes missing from the capture"));
        }
    }

    ChatRecorder(int serverPort, ChatLog log, ChatBudget budget, Consumer<CaptureProblem> problems) {
        this.serverPort = serverPort;
        this.log = log;
        this.budget = budget;
        this.problems = problems;
    }

    /** The budget is full: the direction holding most behind a hole stops waiting, so that others can go on. */
    @Override
    public void makeRoom(StreamReassembler asking, long frame, long nanos) {
        StreamReassembler largest = asking;
        for (Streams s : streams) {
            for (StreamReassembler r : new StreamReassembler[] {s.toServer, s.toClient}) {
                if (r.pendingCost() > largest.pendingCost()) {
                    largest = r;
                }
            }
        }
        largest.giveUpWaiting(frame, nanos);
    }

    /** The connection's analysis is over (retired to stay within the flow limit): its chat is finished now. */
    void retire(TcpConnection c) {
        Streams s = (Streams) c.chat;
        c.chat = null;
        if (s != null && !finished) {
            Streams last = streams.remove(streams.size() - 1);
            if (last != s) {
                streams.set(s.index, last);
                last.index = s.index;
            }
            finish(s, "a line not finished when the connection was retired (--max-flows)");
        }
    }

    ChatLog log() {
        return log;
    }

    void tcp(TcpConnection c, Frame f, Packet p, boolean fromA) {
        if (c.portA() != serverPort && c.portB() != serverPort) {
            return;
        }
        boolean clientIsA = c.clientIsA(serverPort);
        Streams s = (Streams) c.chat;
        if (s == null) {
            s = new Streams(c, clientIsA);
            s.index = streams.size();
            streams.add(s);
            c.chat = s;
        }
        boolean fromClient = fromA == clientIsA;
        StreamReassembler r = fromClient ? s.toServer : s.toClient;
        int dataSeq = p.tcpSeq;
        if ((p.tcpFlags & TcpHeader.SYN) != 0) {
            r.synSeen(p.tcpSeq);
            // The SYN takes the first sequence number; data in it (TCP Fast Open, RFC 7413) starts after it.
            dataSeq++;
        }
        int captured = p.payloadCapturedLength();
        int reported = p.payloadReportedLength();
        if (reported == 0) {
            return;
        }
        byte[] data = new byte[captured];
        System.arraycopy(f.data, p.payloadOffset(), data, 0, captured);
        // A write ends at PSH or FIN; the data of a Fast Open SYN is one write of its own (sendto with the SYN).
        r.segment(dataSeq, data, (p.tcpFlags & (TcpHeader.PSH | TcpHeader.FIN | TcpHeader.SYN)) != 0
                || captured < reported, f.number, f.timestampNanos);
    }

    void udp(Frame f, Packet p) {
        boolean labPort = p.srcPort == serverPort || p.dstPort == serverPort;
        int n = p.payloadCapturedLength();
        int off = p.payloadOffset();
        boolean json = n > 0 && f.data[off] == '{';
        if (!labPort && !json) {
            return;
        }
        byte[] data = new byte[n];
        System.arraycopy(f.data, off, data, 0, n);
        String src = IpAddresses.format(p.ipVersion, p.srcHi, p.srcLo);
        String dst = IpAddresses.format(p.ipVersion, p.dstHi, p.dstLo);
        if (json && v2Datagram(f, data, src, dst, p.payloadReportedLength() > n)) {
            return;
        }
        if (labPort) {
            log.add(new ChatLog.Line(f.number, f.timestampNanos, ChatLog.Kind.DIRECT_MESSAGE, label(src), label(dst),
                    text(data)));
        }
    }

    void finish() {
        for (Streams s : streams) {
            finish(s, "a line not finished at the end of the capture");
        }
        streams.clear();
        finished = true;
        if (budget.refusals() > 0) {
            problems.accept(new CaptureProblem(budget.firstRefusalFrame(), 0, "the chat buffer (" + budget.limit()
                    + " bytes, --chat-buffer-bytes) was full " + budget.refusals() + " times, first at frame "
                    + budget.firstRefusalFrame() + ": streams stopped waiting for their holes to fill (the transcript says "
                    + "\"bytes missing\" there) or handed long messages on in parts; a larger buffer keeps them whole",
                    ProblemKinds.CHAT_BUFFER));
        }
        log.finish();
    }

    private void finish(Streams s, String unfinished) {
        s.toServer.finish();
        s.toClient.finish();
        if (s.toServerLines != null) {
            s.toServerLines.abandon(unfinished);
            s.toServerLines.release();
        }
        if (s.toClientLines != null) {
            s.toClientLines.abandon(unfinished);
            s.toClientLines.release();
        }
        s.toServer.release();
        s.toClient.release();
    }

    // ---- the v2 wire ----

    /** A v2 {@code presence}: the joins and leaves since the last one, on one line of the transcript. */
    private ChatLog.Line presence(Streams s, Map<String, Object> m, long frame, long nanos, String from, String to) {
        List<String> joined = new ArrayList<>();
        String firstJoinedDetail = null;
        Map<String, String> room = new LinkedHashMap<>();
        if (m.get(V2Fields.JOINED) instanceof List<?> list) {
            for (Object u : list) {
                if (u instanceof Map<?, ?> raw) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> user = (Map<String, Object>) raw;
                    if (str(user, V2Fields.NAME) != null && str(user, V2Fields.ADDRESS) != null) {
                        log.learnName(str(user, V2Fields.ADDRESS), str(user, V2Fields.NAME));
                    }
                    joined.add(strOr(user, V2Fields.NAME));
                    room.put(strOr(user, V2Fields.NAME), strOr(user, V2Fields.ADDRESS));
                    if (firstJoinedDetail == null) {
                        firstJoinedDetail = detail(str(user, V2Fields.ADDRESS),
                                str(user, V2Fields.WIRE) == null ? null : str(user, V2Fields.WIRE) + " wire",
                                prefixed("UDP port ", num(user, V2Fields.UDP_PORT)));
                    }
                }
            }
        }
        List<String> leftNames = new ArrayList<>();
        List<String> leftShown = new ArrayList<>(); // "name (reason)", or the name alone
        List<String> leftWithReason = new ArrayList<>();
        if (m.get(V2Fields.LEFT) instanceof List<?> list) {
            for (Object u : list) {
                if (u instanceof Map<?, ?> raw) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> gone = (Map<String, Object>) raw;
                    leftNames.add(strOr(gone, V2Fields.NAME));
                    String reason = str(gone, V2Fields.REASON);
                    boolean hasReason = reason != null && !reason.isEmpty();
                    leftShown.add(hasReason ? strOr(gone, V2Fields.NAME) + " (" + reason + ")"
                            : strOr(gone, V2Fields.NAME));
                    if (hasReason) {
                        leftWithReason.add(leftShown.get(leftShown.size() - 1));
                    }
                }
            }
        }
        if (s.welcomeUsers != null) {
            // The room as it was at the welcome, sent right after it: the client's user list.
            s.welcomeUsers.forEach(room::putIfAbsent);
            s.welcomeUsers = null;
            return new ChatLog.Line(frame, nanos, ChatLog.Kind.USER_LIST, from, to, room.toString(), "v2",
                    "the room at the welcome");
        }
        if (leftNames.isEmpty()) {
            return new ChatLog.Line(frame, nanos, ChatLog.Kind.JOINED, from, to, String.join(", ", joined), "v2",
                    joined.size() == 1 ? firstJoinedDetail : "presence");
        }
        if (joined.isEmpty()) {
            return new ChatLog.Line(frame, nanos, ChatLog.Kind.LEFT, from, to, String.join(", ", leftNames), "v2",
                    detail("presence", String.join(", ", leftWithReason)));
        }
        return new ChatLog.Line(frame, nanos, ChatLog.Kind.PRESENCE, from, to,
                "joined: " + String.join(", ", joined) + "; left: " + String.join(", ", leftShown), "v2", "presence");
    }

    private void v2Line(Streams s, boolean fromClient, byte[] bytes, long frame, long nanos) {
        String client = clientLabel(s);
        String server = s.serverLabel();
        String from = fromClient ? client : server;
        String to = fromClient ? server : client;
        V2Object o = V2Object.read(bytes);
        if (o.problem() != null) {
            log.add(new ChatLog.Line(frame, nanos, ChatLog.Kind.BAD_LINE, from, to, text(bytes), "v2", o.problem()));
            return;
        }
        Map<String, Object> m = o.fields();
        ChatLog.Line line = fromClient ? v2FromClient(s, m, o.type(), frame, nanos, from, to)
                : v2FromServer(s, m, o.type(), frame, nanos, from, to);
        log.add(line);
    }

    private ChatLog.Line v2FromClient(Streams s, Map<String, Object> m, String type, long frame, long nanos,
            String from, String to) {
        return switch (type) {
            case V2Tags.HELLO -> {
                String name = str(m, V2Fields.NAME);
                if (!s.registered && name != null) {
                    s.registered = true;
                    s.clientName = name;
                    log.learnName(s.clientAddress(), name);
                }
                Object resume = m.get(V2Fields.RESUME);
                String resumeText = resume instanceof Map<?, ?> r ? "resuming after seq " + r.get(V2Fields.SEQ) : null;
                yield new ChatLog.Line(frame, nanos, ChatLog.Kind.REGISTER, clientLabel(s), to,
                        name == null ? "?" : name, "v2", detail("v2 wire",
                                prefixed("UDP port ", num(m, V2Fields.UDP_PORT)),
                                m.containsKey(V2Fields.SCRAM) ? "SCRAM login" : null, resumeText));
            }
            case V2Tags.SAY -> new ChatLog.Line(frame, nanos, ChatLog.Kind.ROOM_MESSAGE, from, "everyone",
                    strOr(m, V2Fields.TEXT), "v2", detail(prefixed("id ", str(m, V2Fields.ID)),
                            isTrue(m, V2Fields.ACTION) ? "action (/me)" : null));
            case V2Tags.WHISPER -> new ChatLog.Line(frame, nanos, ChatLog.Kind.WHISPER, from,
                    strOr(m, V2Fields.TO) + " (through the server)", strOr(m, V2Fields.TEXT), "v2",
                    detail(prefixed("id ", str(m, V2Fields.ID))));
            case V2Tags.PROOF, V2Tags.REKEYED -> new ChatLog.Line(frame, nanos, ChatLog.Kind.LOGIN, from, to,
                    "login (SCRAM) exchange", "v2", type);
            case V2Tags.PING, V2Tags.PONG ->
                    new ChatLog.Line(frame, nanos, ChatLog.Kind.KEEPALIVE, from, to, type, "v2", null);
            case V2Tags.BYE -> new ChatLog.Line(frame, nanos, ChatLog.Kind.LEFT, from, to,
                    s.clientName == null ? "?" : s.clientName, "v2", "says bye");
            default -> new ChatLog.Line(frame, nanos, ChatLog.Kind.OTHER, from, to, type, "v2", null);
        };
    }

    private ChatLog.Line v2FromServer(Streams s, Map<String, Object> m, String type, long frame, long nanos,
            String from, String to) {
        return switch (type) {
            case V2Tags.WELCOME -> {
                if (s.clientName == null && str(m, V2Fields.NAME) != null) {
                    s.clientName = str(m, V2Fields.NAME);
                    log.learnName(s.clientAddress(), s.clientName);
                }
                Map<String, String> users = new LinkedHashMap<>();
                StringBuilder ports = new StringBuilder();
                if (m.get(V2Fields.USERS) instanceof List<?> list) {
                    for (Object u : list) {
                        if (u instanceof Map<?, ?> raw) {
                            @SuppressWarnings("unchecked")
                            Map<String, Object> user = (Map<String, Object>) raw;
                            String name = strOr(user, V2Fields.NAME);
                            String addr = strOr(user, V2Fields.ADDRESS);
                            users.put(name, addr);
                            if (str(user, V2Fields.NAME) != null && str(user, V2Fields.ADDRESS) != null) {
                                log.learnName(addr, name);
                            }
                            ports.append(ports.length() == 0 ? "" : "; ").append(name).append(": ")
                                    .append(user.get(V2Fields.WIRE) == null ? "?" : user.get(V2Fields.WIRE))
                                    .append(" wire, UDP port ")
                                    .append(num(user, V2Fields.UDP_PORT) == null ? "?" : num(user, V2Fields.UDP_PORT));
                        }
                    }
                }
                s.welcomeUsers = isTrue(m, V2Fields.USERS_FOLLOW) ? users : null;
                String login = m.containsKey(V2Fields.SCRAM_FINAL) ? "login verified (SCRAM)" : null;
                String portList = ports.length() == 0 ? null : ports.toString();
                if (s.welcomeUsers != null) {
                    // Its users are only the newcomer; the room's list is the presence that follows. Shown as a user
                    // list too, the first user's frame printed the same list twice (welcome, then an empty room).
                    yield new ChatLog.Line(frame, nanos, ChatLog.Kind.WELCOME, from, clientLabel(s), strOr(m, V2Fields.NAME),
                            "v2", detail("the room follows", login, portList));
                }
                yield new ChatLog.Line(frame, nanos, ChatLog.Kind.USER_LIST, from, clientLabel(s), users.toString(),
                        "v2", detail(prefixed("welcome as ", str(m, V2Fields.NAME)), login, portList));
            }
            case V2Tags.CHALLENGE, V2Tags.REKEY -> new ChatLog.Line(frame, nanos, ChatLog.Kind.LOGIN, from, to,
                    "login (SCRAM) exchange", "v2", type);
            case V2Tags.JOINED -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> user = m.get(V2Fields.USER) instanceof Map<?, ?> u ? (Map<String, Object>) u
                        : Map.of();
                if (str(user, V2Fields.NAME) != null && str(user, V2Fields.ADDRESS) != null) {
                    log.learnName(str(user, V2Fields.ADDRESS), str(user, V2Fields.NAME));
                }
                yield new ChatLog.Line(frame, nanos, ChatLog.Kind.JOINED, from, to, strOr(user, V2Fields.NAME), "v2",
                        detail(str(user, V2Fields.ADDRESS),
                                str(user, V2Fields.WIRE) == null ? null : str(user, V2Fields.WIRE) + " wire",
                                prefixed("UDP port ", num(user, V2Fields.UDP_PORT))));
            }
            case V2Tags.LEFT -> new ChatLog.Line(frame, nanos, ChatLog.Kind.LEFT, from, to, strOr(m, V2Fields.NAME),
                    "v2", str(m, V2Fields.REASON));
            case V2Tags.PRESENCE -> presence(s, m, frame, nanos, from, to);
            case V2Tags.DEFLATED -> {
                V2Object inner = V2Object.inflate(str(m, V2Fields.DATA));
                if (inner.problem() != null || V2Tags.DEFLATED.equals(inner.type())) {
                    yield new ChatLog.Line(frame, nanos, ChatLog.Kind.NOTE, from, to, "deflated message: "
                            + (inner.problem() != null ? inner.problem() : "holds another deflated message"), "v2",
                            null);
                }
                ChatLog.Line line = v2FromServer(s, inner.fields(), inner.type(), frame, nanos, from, to);
                if (line.kind() == ChatLog.Kind.NOTE) {
                    yield line;
                }
                yield new ChatLog.Line(line.frame(), line.timestampNanos(), line.kind(), line.from(), line.to(), line.text(),
                        line.wire(), detail(line.detail(), "sent deflated"));
            }
            case V2Tags.MESSAGE -> new ChatLog.Line(frame, nanos, ChatLog.Kind.RELAY, strOr(m, V2Fields.FROM), to,
                    strOr(m, V2Fields.TEXT), "v2", detail(prefixed("seq ", num(m, V2Fields.SEQ)),
                            prefixed("id ", str(m, V2Fields.ID)),
                            isTrue(m, V2Fields.ACTION) ? "action (/me)" : null,
                            V2Fields.WIRE_LAB.equals(str(m, V2Fields.WIRE)) ? "sent on the lab wire" : null));
            case V2Tags.ACK -> new ChatLog.Line(frame, nanos, ChatLog.Kind.ACK, from, to, strOr(m, V2Fields.ID), "v2",
                    detail(prefixed("seq ", num(m, V2Fields.SEQ)), isTrue(m, V2Fields.DUPLICATE) ? "duplicate" : null));
            case V2Tags.WHISPER -> new ChatLog.Line(frame, nanos, ChatLog.Kind.WHISPER, strOr(m, V2Fields.FROM)
                    + " (through the server)", to, strOr(m, V2Fields.TEXT), "v2",
                    detail(prefixed("id ", str(m, V2Fields.ID))));
            case V2Tags.ERROR -> new ChatLog.Line(frame, nanos, ChatLog.Kind.ERROR, from, to,
                    strOr(m, V2Fields.MESSAGE), "v2",
                    detail(prefixed("code ", str(m, V2Fields.CODE)), isTrue(m, V2Fields.FATAL) ? "fatal" : null,
                            prefixed("about id ", str(m, V2Fields.REF))));
            case V2Tags.PING, V2Tags.PONG ->
                    new ChatLog.Line(frame, nanos, ChatLog.Kind.KEEPALIVE, from, to, type, "v2", null);
            default -> new ChatLog.Line(frame, nanos, ChatLog.Kind.OTHER, from, to, type, "v2", null);
        };
    }

    /**
     * A datagram that starts with '{': a v2 direct message or its acknowledgement. Returns false when it is not
     * one (then, on the lab's port, it is taken as lab text).
     */
    private boolean v2Datagram(Frame f, byte[] data, String src, String dst, boolean truncated) {
        if (truncated) {
            return false;
        }
        V2Object o = V2Object.read(data);
        if (o.problem() != null || !(V2Tags.DM.equals(o.type()) || V2Tags.DM_ACK.equals(o.type()))) {
            return false;
        }
        Map<String, Object> m = o.fields();
        String from = label(src);
        String to = label(dst);
        if (V2Tags.DM_ACK.equals(o.type())) {
            log.add(new ChatLog.Line(f.number, f.timestampNanos, ChatLog.Kind.ACK, from, to, strOr(m, V2Fields.ID),
                    "v2",
                    "UDP direct"));
            return true;
        }
        String claimedFrom = str(m, V2Fields.FROM);
        String claimedTo = str(m, V2Fields.TO);
        String knownFrom = log.nameOf(src);
        String knownTo = log.nameOf(dst);
        log.add(new ChatLog.Line(f.number, f.timestampNanos, ChatLog.Kind.DIRECT_MESSAGE, from, to,
                strOr(m, V2Fields.TEXT),
                "v2", detail(prefixed("id ", str(m, V2Fields.ID)),
                        claimedFrom != null && !claimedFrom.equals(knownFrom) ? "says it is from " + claimedFrom : null,
                        claimedTo != null && !claimedTo.equals(knownTo) ? "addressed to " + claimedTo : null)));
        return true;
    }

    /** "name (address)" with the latest name seen for the address, or the address alone. */
    private String label(String address) {
        String name = log.nameOf(address);
        return name == null ? address : name + " (" + address + ")";
    }

    /** The client of a connection under the name it registered on that connection. */
    private String clientLabel(Streams s) {
        return s.clientName == null ? label(s.clientAddress()) : s.clientName + " (" + s.clientAddress() + ")";
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
                log.learnName(s.clientAddress(), part);
                log.add(new ChatLog.Line(frame, nanos, ChatLog.Kind.REGISTER, clientLabel(s),
                        "server (" + s.serverAddress() + ")", part));
            } else {
                log.add(new ChatLog.Line(frame, nanos, ChatLog.Kind.ROOM_MESSAGE, clientLabel(s), "everyone", part));
            }
        }
    }

    private void fromServer(Streams s, byte[] bytes, long frame, long nanos) {
        String t = text(bytes);
        while (!t.isEmpty()) {
            if (t.charAt(0) == ' ') {
                // chatlab's server pads a user map with spaces to the lab client's 1024-byte read; no relay starts
                // with a space (names may not)
                t = t.stripLeading();
                continue;
            }
            if (t.charAt(0) == '!') {
                int end = LabUserMap.end(t, 1);
                String json = end < 0 ? t.substring(1) : t.substring(1, end);
                Map<String, String> users = LabUserMap.parse(json);
                users.forEach((name, addr) -> log.learnName(addr, name));
                log.add(new ChatLog.Line(frame, nanos, ChatLog.Kind.USER_LIST, "server (" + s.serverAddress() + ")",
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
