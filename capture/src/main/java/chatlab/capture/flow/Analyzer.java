package chatlab.capture.flow;

import chatlab.capture.decode.IpAddresses;
import chatlab.capture.decode.Packet;
import chatlab.capture.decode.PacketDecoder;
import chatlab.capture.decode.TcpHeader;
import chatlab.capture.file.CaptureFiles;
import chatlab.capture.file.CaptureProblem;
import chatlab.capture.file.CaptureReader;
import chatlab.capture.file.Frame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One streaming pass over a capture: decode each frame, track every TCP connection and UDP flow, keep the evidence
 * the lab's questions need. Memory grows with the number of flows, never with the number of packets.
 */
public final class Analyzer {
    /** Problems kept word for word; the rest are only counted. */
    public static final int MAX_PROBLEMS_KEPT = 50;
    /** UDP ports of background traffic never taken for the direct chat (DNS, DHCP, NTP, NetBIOS, SSDP, mDNS, LLMNR). */
    private static final int[] NOISE_PORTS = {53, 67, 68, 123, 137, 138, 1900, 5353, 5355};

    private final AnalysisOptions options;
    private final PacketObserver observer;
    private final long[] client;
    private final List<CaptureProblem> problems = new ArrayList<>();
    private long problemCount;
    private final FlowTable<TcpConnection> tcpTable = new FlowTable<>();
    private final FlowTable<UdpFlow> udpTable = new FlowTable<>();
    private final List<TcpConnection> connections = new ArrayList<>();
    private final List<UdpFlow> udpFlows = new ArrayList<>();
    private final TcpSegment segment = new TcpSegment();
    private final ChatRecorder chat;
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
    private long frames;
    private long bytes;
    private long firstNanos;
    private boolean haveTime;
    private long lastNanos;
    private long tcpPackets;
    private long udpPackets;
    private long otherPackets;
    private long fragments;
    private long truncated;
    private long firstTruncated;
    private int maxPort = -1;
    private long maxPortFrame;

    public Analyzer(AnalysisOptions options) {
        this(options, PacketObserver.NONE);
    }

    public Analyzer(AnalysisOptions options, PacketObserver observer) {
        this.options = options;
        this.observer = observer;
        this.client = options.client() == null ? null : IpAddresses.parse(options.client());
        this.chat = options.chat() ? new ChatRecorder(options.serverPort()) : null;
    }

    public Analysis analyze(Path file) throws IOException {
        try (CaptureReader reader = CaptureFiles.open(file, this::problem)) {
            return analyze(file.toString(), reader);
        }
    }

    public Analysis analyze(String name, CaptureReader reader) throws IOException {
        PacketDecoder decoder = new PacketDecoder(this::problem);
        Frame f = new Frame();
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
            switch (p.kind) {
                case TCP -> tcp(f, p);
                case UDP -> udp(f, p);
                default -> {
                    otherPackets++;
                    if (p.fragment) {
                        fragments++;
                    }
                }
            }
        }
        if (chat != null) {
            chat.finish();
        }
        if (options.udpFrame() > 0 && udpCandidates[0] == null) {
            problem(new CaptureProblem(options.udpFrame(), 0, "frame " + options.udpFrame()
                    + " is not a UDP datagram in this capture (or the file has fewer frames)"));
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
        return new Analysis(name, reader.describe(), options, frames, bytes, firstNanos, lastNanos, tcpPackets,
                udpPackets, otherPackets, fragments, truncated, firstTruncated, List.copyOf(problems), problemCount,
                connections, udpFlows, selected, synCopy, synAckCopy, clientMinWindowCopy, serverMinWindowCopy,
                retransmissionCopies, ladder, retransmissionDetails, ladderComplete, udp, choice, maxPort,
                maxPortFrame, chat == null ? null : chat.log());
    }

    private void problem(CaptureProblem p) {
        problemCount++;
        if (problems.size() < MAX_PROBLEMS_KEPT) {
            problems.add(p);
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
        if (c == null) {
            c = newConnection(p, f);
        } else if ((p.tcpFlags & (TcpHeader.SYN | TcpHeader.ACK)) == TcpHeader.SYN) {
            boolean fromA = c.isFromA(p);
            if (c.isNewIncarnation(fromA, p.tcpSeq)) {
                c = newConnection(p, f);
                reused = true;
            } else if ((fromA ? c.a : c.b).baseSeqSet) {
                c.restoreOnRepeatedSyn(fromA);
            }
        }
        boolean fromA = c.isFromA(p);
        c.process(p, f.number, f.timestampNanos, f.originalLength, fromA, reused, segment);
        if (c == selected) {
            keepEvidence(c, f, p, fromA);
        }
        if (chat != null) {
            chat.tcp(c, f, p, fromA);
        }
        observer.tcp(f, p, segment);
    }

    private TcpConnection newConnection(Packet p, Frame f) {
        TcpConnection c = new TcpConnection(connections.size(), p, f.number, f.timestampNanos);
        tcpTable.put(c);
        connections.add(c);
        if (selected == null && isChatCandidate(c)) {
            selected = c;
        }
        return c;
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
            u = new UdpFlow(udpFlows.size(), p, f.number, f.timestampNanos);
            udpTable.put(u);
            udpFlows.add(u);
        }
        boolean fromA = u.isFromA(p);
        u.count(f.number, f.timestampNanos, f.originalLength, fromA);
        u.payloadBytes += p.payloadReportedLength();
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
}
