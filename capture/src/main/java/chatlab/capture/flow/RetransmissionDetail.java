package chatlab.capture.flow;

/** A retransmitted segment of the selected connection: its frame, class ({@link TcpAnalysis} bit) and the rule. */
public record RetransmissionDetail(long frame, int analysis, String rule) {
    public String className() {
        if ((analysis & TcpAnalysis.SPURIOUS_RETRANSMISSION) != 0) {
            return "spurious_retransmission";
        }
        if ((analysis & TcpAnalysis.FAST_RETRANSMISSION) != 0) {
            return "fast_retransmission";
        }
        return "retransmission";
    }
}
