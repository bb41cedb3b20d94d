package chatlab.capture.report;

import chatlab.capture.decode.TcpHeader;
import chatlab.capture.flow.LadderEntry;
import chatlab.capture.flow.TcpAnalysis;
import java.util.List;

/**
 * A sequence (ladder) diagram of one TCP connection as standalone SVG 1.1: the client's and the server's time lines,
 * one arrow per segment with its time, flags, relative seq/ack, length and window; analysis findings in red.
 */
public final class SvgLadder {
    public static final int MAX_ROWS = 400;
    private static final int ROW = 34;
    private static final int TOP = 70;
    private static final int LEFT_X = 190;
    private static final int RIGHT_X = 690;
    private static final int WIDTH = 1020;

    private SvgLadder() {
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    public static String render(String client, String server, List<LadderEntry> entries, long firstNanos) {
        int rows = Math.min(entries.size(), MAX_ROWS);
        int height = TOP + rows * ROW + 60;
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        sb.append("<title>TCP sequence diagram: ").append(escape(client)).append(" and ").append(escape(server))
                .append("</title>\n");
        sb.append("<defs><marker id=\"arrow\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" refY=\"4\" "
                + "orient=\"auto\"><path d=\"M0,0 L10,4 L0,8 z\" fill=\"#222\"/></marker>"
                + "<marker id=\"arrowred\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" refY=\"4\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,4 L0,8 z\" fill=\"#c00\"/></marker></defs>\n");
        sb.append(String.format("<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
        sb.append(String.format("<text x=\"%d\" y=\"24\" text-anchor=\"middle\" font-weight=\"bold\">client %s</text>%n",
                LEFT_X, escape(client)));
        sb.append(String.format("<text x=\"%d\" y=\"24\" text-anchor=\"middle\" font-weight=\"bold\">server %s</text>%n",
                RIGHT_X, escape(server)));
        sb.append("<text x=\"10\" y=\"48\" fill=\"#555\">time (s)  frame</text>\n");
        sb.append(String.format("<line x1=\"%d\" y1=\"36\" x2=\"%d\" y2=\"%d\" stroke=\"#888\" stroke-width=\"2\"/>%n",
                LEFT_X, LEFT_X, height - 30));
        sb.append(String.format("<line x1=\"%d\" y1=\"36\" x2=\"%d\" y2=\"%d\" stroke=\"#888\" stroke-width=\"2\"/>%n",
                RIGHT_X, RIGHT_X, height - 30));
        for (int i = 0; i < rows; i++) {
            LadderEntry e = entries.get(i);
            int y = TOP + i * ROW;
            int x1 = e.fromClient() ? LEFT_X : RIGHT_X;
            int x2 = e.fromClient() ? RIGHT_X : LEFT_X;
            boolean alert = (e.analysis() & ~(TcpAnalysis.REUSED_PORTS | TcpAnalysis.WINDOW_UPDATE)) != 0;
            String color = alert ? "#c00" : "#222";
            sb.append(String.format("<text x=\"10\" y=\"%d\" fill=\"#555\">%.6f  #%d</text>%n", y + 14,
                    (e.timestampNanos() - firstNanos) / 1e9, e.frame()));
            sb.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.5\" "
                    + "marker-end=\"url(#%s)\"/>%n", x1, y + 6, x2, y + 20, color, alert ? "arrowred" : "arrow"));
            StringBuilder label = new StringBuilder("[").append(TcpHeader.flagNames(e.flags())).append("] Seq=")
                    .append(e.relativeSeq());
            if (e.relativeAck() >= 0) {
                label.append(" Ack=").append(e.relativeAck());
            }
            label.append(" Len=").append(Math.max(0, e.length())).append(" Win=").append(e.window());
            sb.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%s</text>%n",
                    (LEFT_X + RIGHT_X) / 2, y + 6, color, escape(label.toString())));
            if (alert) {
                String findings = String.join(", ", TcpAnalysis.fieldNames(e.analysis() & ~TcpAnalysis.REUSED_PORTS));
                sb.append(String.format("<text x=\"%d\" y=\"%d\" fill=\"#c00\">%s</text>%n", RIGHT_X + 8, y + 18,
                        escape(findings)));
            }
        }
        if (entries.size() > rows) {
            sb.append(String.format("<text x=\"10\" y=\"%d\" fill=\"#555\">... %d more segments not drawn</text>%n",
                    TOP + rows * ROW + 20, entries.size() - rows));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }
}
