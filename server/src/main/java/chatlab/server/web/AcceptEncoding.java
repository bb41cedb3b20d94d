package chatlab.server.web;

import java.util.Locale;

/**
 * Whether a request's {@code Accept-Encoding} takes gzip (RFC 9110 section 12.5.3): listed as {@code gzip} (or its
 * alias {@code x-gzip}, section 8.4.1.3) with a weight above 0, or covered by {@code *} with a weight above 0 when
 * gzip is not listed. No header means no preference; the server then sends the plain bytes, which every client reads.
 */
final class AcceptEncoding {
    private AcceptEncoding() {}

    static boolean allowsGzip(String header) {
        if (header == null) {
            return false;
        }
        Double gzip = null;
        Double any = null;
        for (String member : header.split(",")) {
            String[] parts = member.split(";");
            String coding = parts[0].trim().toLowerCase(Locale.ROOT);
            double weight = weight(parts);
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = gzip == null ? weight : Math.max(gzip, weight);
            } else if (coding.equals("*")) {
                any = weight;
            }
        }
        if (gzip != null) {
            return gzip > 0;
        }
        return any != null && any > 0;
    }

    /** The {@code q} parameter (section 12.4.2), 1 when absent; a malformed one counts as 0 (not acceptable). */
    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.length() > 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')
                    && parameter.charAt(1) == '=') {
                try {
                    double q = Double.parseDouble(parameter.substring(2).trim());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
