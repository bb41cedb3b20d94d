package chatlab.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The text of a bench message: {@code ~SENDER,SEQ,xxxx~}, padded with {@code x} to the payload size. The tildes
 * open and close it, so a receiver finds it anywhere in a stream (after the lab's {@code NAME: }, inside a v2 JSON
 * string, next to another message) and knows when it has all of it. Neither server ever writes a tilde of its own:
 * bench names are letters and digits, addresses and times have none.
 */
public final class Stamp {
    public static final byte OPEN = '~';
    public static final byte CLOSE = '~';
    public static final byte SEPARATOR = ',';
    public static final byte PAD = 'x';

    private Stamp() {}

    /** The message text for {@code seq} of {@code sender}, {@code payloadBytes} long or as long as the stamp needs. */
    public static byte[] text(int sender, long seq, int payloadBytes) {
        byte[] head = ("~" + sender + "," + seq + ",").getBytes(StandardCharsets.US_ASCII);
        int length = Math.max(head.length + 1, payloadBytes);
        byte[] text = Arrays.copyOf(head, length);
        Arrays.fill(text, head.length, length - 1, PAD);
        text[length - 1] = CLOSE;
        return text;
    }

    /** The shortest text for this sender and sequence number (a payload smaller than this is raised to it). */
    public static int minimumLength(int sender, long seq) {
        return text(sender, seq, 0).length;
    }

    /**
     * Reads a stamp out of a complete piece of text, such as a v2 message's text field: the first tilde, the
     * sender, a comma, the sequence number, a comma. Returns false when there is no well-formed stamp.
     */
    public static boolean parse(byte[] data, int from, int to, long[] senderAndSeq) {
        int i = from;
        while (i < to && data[i] != OPEN) {
            i++;
        }
        if (i == to) {
            return false;
        }
        i++;
        long sender = 0;
        int digits = 0;
        while (i < to && data[i] >= '0' && data[i] <= '9' && digits < 10) {
            sender = sender * 10 + (data[i++] - '0');
            digits++;
        }
        if (digits == 0 || i == to || data[i++] != SEPARATOR) {
            return false;
        }
        long seq = 0;
        digits = 0;
        while (i < to && data[i] >= '0' && data[i] <= '9' && digits < 18) {
            seq = seq * 10 + (data[i++] - '0');
            digits++;
        }
        if (digits == 0 || i == to || data[i] != SEPARATOR && data[i] != CLOSE) {
            return false;
        }
        senderAndSeq[0] = sender;
        senderAndSeq[1] = seq;
        return true;
    }
}
