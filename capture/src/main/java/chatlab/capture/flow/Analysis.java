package chatlab.capture.flow;

import chatlab.capture.file.CaptureProblem;
import java.util.List;

/**
 * Everything one pass over a capture found: counts, problems, every TCP connection and UDP flow, the selected chat
 * connection with its evidence, and the chosen UDP datagram.
 */
public record Analysis(
        String file,
        String format,
        AnalysisOptions options,
        long frames,
        long bytes,
        long firstNanos,
        long lastNanos,
        long tcpPackets,
        long udpPackets,
        long otherPackets,
        long fragments,
        long truncatedFrames,
        long firstTruncatedFrame,
        List<CaptureProblem> problems,
        long problemCount,
        List<TcpConnection> connections,
        List<UdpFlow> udpFlows,
        TcpConnection selected,
        FrameCopy synCopy,
        FrameCopy synAckCopy,
        FrameCopy clientMinWindowCopy,
        FrameCopy serverMinWindowCopy,
        List<FrameCopy> retransmissionCopies,
        List<LadderEntry> ladder,
        List<RetransmissionDetail> retransmissionDetails,
        boolean ladderComplete,
        FrameCopy udpCopy,
        String udpChoice,
        int maxPortSeen,
        long maxPortFrame,
        ChatLog chat) {

    /** The client side of the selected connection: true when it is endpoint A. */
    public boolean clientIsA() {
        return selected != null && selected.clientIsA(options.serverPort());
    }
}
