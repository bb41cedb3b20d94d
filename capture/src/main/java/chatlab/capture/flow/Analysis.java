package chatlab.capture.flow;

import chatlab.capture.file.CaptureProblem;
import chatlab.capture.file.ProblemLog;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Everything one pass over a capture found: counts, problems, a row per TCP connection and UDP flow, the selected
 * chat connection with its evidence, and the chosen UDP datagram. Close it to delete the temporary files a very
 * large capture needed (the conversation rows and the chat kept for the report); the JVM deletes them on exit
 * otherwise.
 *
 * @param udpPackets UDP datagrams analysed (one rebuilt from fragments counts once)
 * @param tcpConnections TCP streams numbered (Wireshark's {@code tcp.stream} count)
 * @param udpFlows UDP streams numbered
 * @param tcpRetransmissions retransmissions of every class over all connections
 * @param otherConnections the first connections to the server port other than the selected one
 * @param otherConnectionCount how many there are in all
 * @param fragments IP fragments that were not a whole datagram
 * @param reassembled datagrams rebuilt from them
 * @param firstUdpCopy the first UDP datagram of the capture, for Q12 when none was chosen
 * @param udpFrameNote when {@code --udp-frame} names a frame that is not a UDP datagram, what it is; else null
 * @param optionsCutFrames segments of the selected connection whose TCP options the snap length cut
 * @param retiredFlows flows retired to stay within {@link CaptureLimits#maxFlows()}
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
        long reassembled,
        long truncatedFrames,
        long firstTruncatedFrame,
        ProblemLog problemLog,
        int tcpConnections,
        int udpFlows,
        long tcpRetransmissions,
        ConversationTable tcpConversations,
        ConversationTable udpConversations,
        List<PortConnection> otherConnections,
        long otherConnectionCount,
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
        FrameCopy firstUdpCopy,
        String udpFrameNote,
        long optionsCutFrames,
        long firstOptionsCutFrame,
        long lastOptionsCutFrame,
        long retiredFlows,
        int maxPortSeen,
        long maxPortFrame,
        ChatLog chat) implements Closeable {

    /** A connection to the server port, as the text lists it for {@code --client}. */
    public record PortConnection(int stream, String client) {
    }

    /** The client side of the selected connection: true when it is endpoint A. */
    public boolean clientIsA() {
        return selected != null && selected.clientIsA(options.serverPort());
    }

    /** The first problems, word for word. */
    public List<CaptureProblem> problems() {
        return problemLog.kept();
    }

    public long problemCount() {
        return problemLog.count();
    }

    public List<ProblemLog.Group> problemGroups() {
        return problemLog.groups();
    }

    @Override
    public void close() throws IOException {
        tcpConversations.close();
        udpConversations.close();
        if (chat != null) {
            chat.close();
        }
    }
}
