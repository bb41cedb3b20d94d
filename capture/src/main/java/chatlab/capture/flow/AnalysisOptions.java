package chatlab.capture.flow;

/**
 * What to look for: the chat server's port, optionally the client whose connection answers the TCP questions,
 * optionally a UDP frame to use for the UDP questions, whether to rebuild the chat, and the memory bounds.
 *
 * @param serverPort the chat server's TCP port (the lab uses 5000), also the P2P UDP port
 * @param client IP literal of the client whose connection to pick, or null for the first connection to the port
 * @param udpFrame the frame to use for Q7 to Q10, or 0 to pick the first datagram of the direct chat
 * @param chat whether to reassemble streams and decode the chat
 * @param maxLadderEntries how many segments of the selected connection to keep for the diagram
 * @param limits what the analysis may keep in memory
 */
public record AnalysisOptions(int serverPort, String client, long udpFrame, boolean chat, int maxLadderEntries,
        CaptureLimits limits) {
    public static final int DEFAULT_SERVER_PORT = 5000;
    public static final int DEFAULT_LADDER_ENTRIES = 2000;

    public static AnalysisOptions defaults() {
        return new AnalysisOptions(DEFAULT_SERVER_PORT, null, 0, false, DEFAULT_LADDER_ENTRIES, CaptureLimits.defaults());
    }

    public AnalysisOptions withClient(String c) {
        return new AnalysisOptions(serverPort, c, udpFrame, chat, maxLadderEntries, limits);
    }

    public AnalysisOptions withServerPort(int port) {
        return new AnalysisOptions(port, client, udpFrame, chat, maxLadderEntries, limits);
    }

    public AnalysisOptions withUdpFrame(long frame) {
        return new AnalysisOptions(serverPort, client, frame, chat, maxLadderEntries, limits);
    }

    public AnalysisOptions withChat(boolean on) {
        return new AnalysisOptions(serverPort, client, udpFrame, on, maxLadderEntries, limits);
    }

    public AnalysisOptions withLimits(CaptureLimits l) {
        return new AnalysisOptions(serverPort, client, udpFrame, chat, maxLadderEntries, l);
    }
}
