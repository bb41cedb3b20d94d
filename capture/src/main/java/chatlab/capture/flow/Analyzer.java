package chatlab.capture.flow;

import chatlab.capture.decode.FragmentReassembler;
import chatlab.capture.decode.IpAddresses;
import chatlab.capture.decode.Packet;
import chatlab.capture.decode.PacketDecoder;
import chatlab.capture.decode.TcpHeader;
import chatlab.capture.file.CaptureFiles;
import chatlab.capture.file.CaptureProblem;
import chatlab.capture.file.CaptureReader;
import chatlab.capture.file.Frame;
import chatlab.capture.file.ProblemKinds;
import chatlab.capture.file.ProblemLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * One streaming pass over a capture: decode each frame (putting IP fragments back together), track every TCP
 * connection and UDP flow, keep the evidence the lab's questions need. Memory is bounded whatever the capture: at
 * most {@link CaptureLimits#maxFlows()} flows are followed at once, the rows of finished ones are kept compactly
 * (or in a temporary file), and every buffer has a limit (docs/CAPTURE.md, "Memory").
 */
public final class Analyzer {
    /** UDP ports of background traffic never taken for the direct chat (DNS, DHCP, NTP, NetBIOS, SSDP, mDNS, LLMNR). */
    private static final int[] NOISE_PORTS = {53, 67, 68, 123, 137, 138, 1900, 5353, 5355};
    /** Connections to the server port named in the text, so that one can be picked with --client. */
    static final int OTHER_CONNECTIONS_NAMED = 10;

    private final AnalysisOptions options;
    private final CaptureLimits limits;
    private final int maxFlows;
    private final PacketObserver observer;
    private final long[] client;
    private final ProblemLog problems = new ProblemLog();
    private final FlowTable<TcpConnection> tcpTable = new FlowTable<>();
    private final FlowTable<UdpFlow> udpTable = new FlowTable<>();
    private final ConversationTable tcpConversations = new ConversationTable(CaptureLimits.CONVERSATIONS_IN_MEMORY);
    private final ConversationTable udpConversations = new ConversationTable(CaptureLimits.CONVERSATIONS_IN_MEMORY);
    private final List<Analysis.PortConnection> others = new ArrayList<>();
    private long otherCount;
    private int tcpStreams;
    private int udpStreams;
    private long retransmissionsOfRetired;
    private long retiredFlows;
    private final TcpSegment segment = new TcpSegment();
    private final ChatLog chatLog;
    private final ChatRecorder chat;
    private final FragmentReassembler fragments;
    private TcpConnection selected;
    private FrameCopy synCopy;
    private FrameCopy synAckCopy;
    private FrameCopy clientMinWindowCopy;
    private FrameCopy serverMinWindowCopy;
    private final List<FrameCopy> retransmissionCopies = new ArrayList<>();
    private int retransmissionClassesCopied;
    private final List<LadderEntry> ladder = new ArrayList<>();
    private boolean ladderComplete = true;
    private final List<RetransmissionDetail> retransmissionDetails = new ArrayList<>();
    private final FrameCopy[] udpCandidates = new FrameCopy[3];
    private FrameCopy firstUdp;
    private String udpFrameNote;
    private long udpFrameOffset;
    private long udpFrameFragmentId = -1;
    private long optionsCut;
    private long firstOptionsCut;
    private long lastOptionsCut;
    private long frames;
    private long bytes;
    private long firstNanos;
    private boolean haveTime;
    private long lastNanos;
    private long tcpPackets;
    private long udpPackets;
    private long otherPackets;
    private long fragmentCount;
    private long truncated;
    private long firstTruncated;
    private int maxPort = -1;
    private long maxPortFrame;

    public Analyzer(AnalysisOptions options) {
        this(options, PacketObserver.NONE);
    }

    public Analyzer(AnalysisOptions options, PacketObserver observer) {
        this(options, observer, null);
    }

    /**
     * @param chatListener sees each chat line as it is decoded (with {@link AnalysisOptions#chat()}), or null
     */
    public Analyzer(AnalysisOptions options, PacketObserver observer, ChatLog.Listener chatListener) {
        this.options = options;
        this.limits = options.limits();
        this.maxFlows = limits.effectiveMaxFlows(options.chat());
        this.observer = observer;
        this.client = options.client() == null ? null : IpAddresses.parse(options.client());
        this.chatLog = options.chat() ? new ChatLog(limits.reportChatLines(), chatListener, () -> firstNanos) : null;
        this.chat = options.chat() ? new ChatRecorder(options.serverPort(), chatLog,
                new ChatBudget(limits.chatBufferBytes()), problems) : null;
        this.fragments = new FragmentReassembler(limits.fragmentTimeoutNanos(), limits.fragmentBufferBytes(), problems);
    }

    public Analysis analyze(Path file) throws IOException {
        try (CaptureReader reader = CaptureFiles.open(file, problems)) {
            return analyze(file.toString(), reader);
        }
    }

    public Analysis analyze(String name, CaptureReader reader) throws IOException {
        PacketDecoder decoder = new PacketDecoder(problems);
        Frame f = new Frame();
        Frame whole = new Frame();
        Packet p = new Packet();
        while (reader.next(f)) {
            frames++;
            bytes += f.originalLength;
            if (f.linkType >= 0) {
                if (!haveTime) {
                    firstNanos = f.timestampNanos;
                    haveTime = true;
                }
                lastNanos = f.timestampNanos;
            }
            if (f.capturedLength < f.originalLength) {
                if (truncated++ == 0) {
                    firstTruncated = f.number;
                }
            }
            decoder.decode(f, p);
            if (f.number == options.udpFrame()) {
                noteUdpFrame(f, p);
            }
            if (p.fragment) {
                fragmentCount++;
                otherPackets++;
                int version = p.ipVersion;
                long id = p.fragId;
                if (fragments.add(f, p, whole)) {
                    decoder.decodeReassembled(whole, p);
                    if (udpFrameFragmentId == id && udpFrameNote != null && version > 0) {
                        udpFrameNote += "; Wireshark shows the whole datagram in frame " + whole.number;
                        udpFrameFragmentId = -1;
                    }
                    dispatch(whole, p);
                }
                continue;
            }
            dispatch(f, p);
        }
        fragments.finish();
        if (chat != null) {
            chat.finish();
        }
        endFlows();
        if (options.udpFrame() > 0 && udpCandidates[0] == null) {
            String what = udpFrameNote != null ? udpFrameNote : "the file has only " + frames + " frames";
            problems.accept(new CaptureProblem(options.udpFrame(), udpFrameOffset, "frame " + options.udpFrame()
                    + " given with --udp-frame is not a UDP datagram: " + what, ProblemKinds.UDP_FRAME));
        }
        FrameCopy udp = null;
        String choice = null;
        String[] why = {
            options.udpFrame() > 0 ? "the frame given with --udp-frame" : "the first datagram with port "
                    + options.serverPort() + " on both sides (the lab's direct chat)",
            "the first datagram with port " + options.serverPort() + " on one side",
            "the first UDP datagram that is not DNS, DHCP, NTP, NetBIOS, SSDP, mDNS or LLMNR",
        };
        for (int i = 0; i < udpCandidates.length; i++) {
            if (udpCandidates[i] != null) {
                udp = udpCandidates[i];
                choice = why[i];
                break;
            }
        }
        long retransmissions = retransmissionsOfRetired;
        return new Analysis(name, reader.describe(), options, frames, bytes, firstNanos, lastNanos, tcpPackets,
                udpPackets, otherPackets, fragmentCount, fragments.reassembled(), truncated, firstTruncated, problems,
                tcpStreams, udpStreams, retransmissions, tcpConversations, udpConversations,
                Collections.unmodifiableList(others), otherCount, selected, synCopy, synAckCopy, clientMinWindowCopy,
                serverMinWindowCopy, retransmissionCopies, ladder, retransmissionDetails, ladderComplete, udp, choice,
                firstUdp, udpFrameNote, optionsCut, firstOptionsCut, lastOptionsCut, retiredFlows,
                maxPort, maxPortFrame, chatLog);
    }

    private void dispatch(Frame f, Packet p) {
        switch (p.kind) {
            case TCP -> tcp(f, p);
            case UDP -> udp(f, p);
            default -> {
                if (!p.fragment) {
                    otherPackets++;
                }
                if (p.portsCaptured) {
                    ports(p, f.number);
                }
            }
        }
    }

    /** What the frame given with --udp-frame is, in case it is not a UDP datagram. */
    private void noteUdpFrame(Frame f, Packet p) {
        udpFrameOffset = f.fileOffset;
        if (p.fragment) {
            udpFrameNote = String.format("it is an IP fragment (ID 0x%x, bytes %d-%d of its datagram%s)", p.fragId,
                    p.fragOffset, p.fragOffset + p.fragDataLength - 1, p.protocol == 17 ? ", which is UDP"
                            : p.protocol == 6 ? ", which is TCP" : "");
            udpFrameFragmentId = p.fragId;
        } else if (p.kind == Packet.Kind.TCP) {
            udpFrameNote = "it is a TCP segment";
        } else if (p.kind == Packet.Kind.IP_OTHER) {
            udpFrameNote = "it is an IP packet of protocol " + p.protocol;
        } else if (p.kind == Packet.Kind.OTHER) {
            udpFrameNote = "it is not an IP packet chatlab reads (link type " + f.linkType + ")";
        }
    }

    private void ports(Packet p, long frame) {
        int m = Math.max(p.srcPort, p.dstPort);
        if (m > maxPort) {
            maxPort = m;
            maxPortFrame = frame;
        }
    }

    private void tcp(Frame f, Packet p) {
        tcpPackets++;
        ports(p, f.number);
        int hash = FlowTable.hash(6, p);
        TcpConnection c = tcpTable.find(6, p, hash);
        boolean reused = false;
        boolean isNew = false;
        if (c == null) {
            c = newConnection(p, f);
            isNew = true;
        } else if ((p.tcpFlags & (TcpHeader.SYN | TcpHeader.ACK)) == TcpHeader.SYN) {
            boolean fromA = c.isFromA(p);
            if (c.isNewIncarnation(fromA, p.tcpSeq)) {
                retire(c);
                c = newConnection(p, f);
                isNew = true;
                reused = true;
            } else if ((fromA ? c.a : c.b).baseSeqSet) {
                c.restoreOnRepeatedSyn(fromA);
            }
        }
        boolean fromA = c.isFromA(p);
        c.process(p, f.number, f.timestampNanos, f.originalLength, fromA, reused, segment);
        if (isNew) {
            noteOther(c);
        }
        if (c == selected) {
            keepEvidence(c, f, p, fromA);
        }
        if (chat != null) {
            chat.tcp(c, f, p, fromA);
        }
        observer.tcp(f, p, segment);
    }

    private TcpConnection newConnection(Packet p, Frame f) {
        makeRoom(f);
        TcpConnection c = new TcpConnection(tcpStreams++, p, f.number, f.timestampNanos);
        tcpConversations.opened(c.stream());
        tcpTable.put(c);
        if (selected == null && isChatCandidate(c)) {
            selected = c;
            c.keepEvidence();
        }
        return c;
    }

    /** A connection to the server port, named for --client (the selected one is left out when the text is written). */
    private void noteOther(TcpConnection c) {
        int port = options.serverPort();
        if (c.portA() != port && c.portB() != port) {
            return;
        }
        otherCount++;
        if (others.size() <= OTHER_CONNECTIONS_NAMED) {
            boolean clientA = c.clientIsA(port);
            String addr = clientA ? c.addressA() : c.addressB();
            others.add(new Analysis.PortConnection(c.stream(), (addr.contains(":") ? "[" + addr + "]" : addr) + ":"
                    + (clientA ? c.portA() : c.portB())));
        }
    }

    private boolean isChatCandidate(TcpConnection c) {
        int port = options.serverPort();
        if (c.portA() != port && c.portB() != port) {
            return false;
        }
        if (client == null) {
            return true;
        }
        if (c.portA() == port && c.portB() == port) {
            return c.addressAIs(client) || c.addressBIs(client);
        }
        return c.portA() == port ? c.addressBIs(client) : c.addressAIs(client);
    }

    private void keepEvidence(TcpConnection c, Frame f, Packet p, boolean fromA) {
        int flags = p.tcpFlags & (TcpHeader.SYN | TcpHeader.ACK);
        if (flags == TcpHeader.SYN && synCopy == null) {
            synCopy = FrameCopy.of(f, p);
        } else if (flags == (TcpHeader.SYN | TcpHeader.ACK) && synAckCopy == null) {
            synAckCopy = FrameCopy.of(f, p);
        }
        if (p.tcpOptionsCut) {
            if (optionsCut++ == 0) {
                firstOptionsCut = f.number;
            }
            lastOptionsCut = f.number;
        }
        boolean fromClient = fromA == c.clientIsA(options.serverPort());
        TcpConnection.Direction sender = fromA ? c.a() : c.b();
        if (sender.minWindowFrame() == f.number) {
            if (fromClient) {
                clientMinWindowCopy = FrameCopy.of(f, p);
            } else {
                serverMinWindowCopy = FrameCopy.of(f, p);
            }
        }
        int retransClass = segment.analysis & TcpAnalysis.ANY_RETRANSMISSION;
        if (retransClass != 0 && (retransmissionClassesCopied & retransClass) == 0) {
            retransmissionClassesCopied |= retransClass;
            retransmissionCopies.add(FrameCopy.of(f, p));
        }
        if (segment.rule != null && retransmissionDetails.size() < FrameList.MAX_KEPT) {
            retransmissionDetails.add(new RetransmissionDetail(f.number, segment.analysis, segment.rule));
        }
        if (ladder.size() < options.maxLadderEntries()) {
            ladder.add(new LadderEntry(f.number, f.timestampNanos, fromClient, p.tcpFlags, segment.relativeSeq,
                    segment.relativeAck, segment.length, segment.window, segment.analysis));
        } else {
            ladderComplete = false;
        }
    }

    private void udp(Frame f, Packet p) {
        udpPackets++;
        ports(p, f.number);
        int hash = FlowTable.hash(17, p);
        UdpFlow u = udpTable.find(17, p, hash);
        if (u == null) {
            makeRoom(f);
            u = new UdpFlow(udpStreams++, p, f.number, f.timestampNanos);
            udpConversations.opened(u.stream());
            udpTable.put(u);
        }
        boolean fromA = u.isFromA(p);
        u.count(f.number, f.timestampNanos, f.originalLength, fromA);
        u.payloadBytes += p.payloadReportedLength();
        if (firstUdp == null) {
            firstUdp = FrameCopy.of(f, p);
        }
        int slot = udpSlot(f, p);
        if (slot >= 0 && udpCandidates[slot] == null) {
            udpCandidates[slot] = FrameCopy.of(f, p);
        }
        if (chat != null) {
            chat.udp(f, p);
        }
        observer.udp(f, p, u);
    }

    private int udpSlot(Frame f, Packet p) {
        if (options.udpFrame() > 0) {
            return f.number == options.udpFrame() ? 0 : -1;
        }
        if (client != null && !involvesClient(p)) {
            return -1;
        }
        int port = options.serverPort();
        if (p.srcPort == port && p.dstPort == port) {
            return 0;
        }
        if (p.srcPort == port || p.dstPort == port) {
            return 1;
        }
        for (int n : NOISE_PORTS) {
            if (p.srcPort == n || p.dstPort == n) {
                return -1;
            }
        }
        return 2;
    }

    private boolean involvesClient(Packet p) {
        if (client[0] != p.ipVersion) {
            return false;
        }
        return (p.srcHi == client[1] && p.srcLo == client[2]) || (p.dstHi == client[1] && p.dstLo == client[2]);
    }

    /**
     * Before a new flow: when {@link CaptureLimits#maxFlows()} are open, a quarter of them are retired, the closed
     * TCP connections first, then the ones idle longest; the selected connection never is.
     */
    private void makeRoom(Frame f) {
        int open = tcpTable.size() + udpTable.size();
        if (open < maxFlows) {
            return;
        }
        int n = Math.max(1, maxFlows / 4);
        // Closed connections go first; the rest by the time of their last packet, oldest first. A cut-off time
        // found on a sorted array of times (no sort of objects) keeps a sweep cheap.
        long[] idle = new long[open];
        int[] counts = new int[2];
        Consumer<Flow> collect = x -> {
            if (x == selected) {
                return;
            }
            if (x instanceof TcpConnection c && c.closed()) {
                counts[0]++;
            } else {
                idle[counts[1]++] = x.lastNanos;
            }
        };
        tcpTable.forEach(collect::accept);
        udpTable.forEach(collect::accept);
        int closedToRetire = Math.min(counts[0], n);
        int openToRetire = Math.min(counts[1], n - closedToRetire);
        long cutoff = Long.MIN_VALUE;
        if (openToRetire > 0) {
            long[] times = Arrays.copyOf(idle, counts[1]);
            Arrays.sort(times);
            cutoff = times[openToRetire - 1];
        }
        int[] left = {closedToRetire, openToRetire};
        long last = cutoff;
        Consumer<Flow> mark = x -> {
            if (x == selected) {
                return;
            }
            boolean closed = x instanceof TcpConnection c && c.closed();
            int k = closed ? 0 : 1;
            if (left[k] > 0 && (closed || x.lastNanos <= last)) {
                x.retiring = true;
                left[k]--;
            }
        };
        tcpTable.forEach(mark::accept);
        udpTable.forEach(mark::accept);
        tcpTable.removeIf(c -> c.retiring && retired(c));
        udpTable.removeIf(u -> u.retiring && retired(u));
        problems.accept(new CaptureProblem(f.number, f.fileOffset, "more than " + maxFlows
                + " flows open at once (--max-flows): the " + (closedToRetire + openToRetire) + " idle longest (closed "
                + "connections first) were retired here, their rows kept; one that sends again gets a new row and "
                + "stream number, so tcp.stream and udp.stream numbers from here on may differ from tshark's",
                ProblemKinds.FLOWS_RETIRED));
    }

    /** Writes a flow's row and drops its state; true, for {@link FlowTable#removeIf}. */
    private boolean retired(Flow f) {
        retiredFlows++;
        summarize(f);
        return true;
    }

    /** A connection replaced by a new one on the same ports: its row is complete. */
    private void retire(TcpConnection c) {
        summarize(c);
    }

    private void summarize(Flow f) {
        if (f.summarized) {
            return; // a connection replaced on its ports, retired again by the sweep its successor started
        }
        f.summarized = true;
        if (f instanceof TcpConnection c) {
            tcpConversations.put(FlowSummary.of(c));
            retransmissionsOfRetired += c.totalRetransmissions();
            if (chat != null && c != selected) {
                chat.retire(c);
            }
        } else {
            udpConversations.put(FlowSummary.of(f));
        }
    }

    /** End of the capture: every flow still open gets its row. */
    private void endFlows() {
        tcpTable.forEach(this::summarize);
        udpTable.forEach(this::summarize);
    }
}
