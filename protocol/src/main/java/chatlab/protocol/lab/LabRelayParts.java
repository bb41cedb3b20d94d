package chatlab.protocol.lab;

import java.nio.charset.StandardCharsets;
import java.io.ByteArrayOutputStream;

/**
 * Cuts a relay to fit the lab client's read. The lab's Python client reads 1024 bytes per {@code recv()} and takes
 * each read as one message: it decodes it as UTF-8 (a character cut at the read's end kills its receive thread) and
 * takes a read that starts with {@code !} for a user map (so a longer relay whose byte 1024 is a {@code !} replaces
 * its user list). So a relay never exceeds 1024 bytes: a longer text goes out as several relays
 * {@code NAME: PART }, cut between characters, in order.
 *
 * <p>Every part but the last is padded with spaces to exactly 1024 bytes. The parts leave in one write, and a client
 * that reads them from one backlog gets 1024 bytes per read: with full parts each read is exactly one part, so no
 * read starts inside a part (where a character may be cut). The last part is not padded; what follows it is the
 * next relay, as on the lab's own server.
 */
public final class LabRelayParts {
    /** The lab client's {@code RECV_BUFFER}: the most it reads at once, and so the longest relay it can take whole. */
    public static final int LAB_CLIENT_READ_BYTES = 1024;

    private LabRelayParts() {}

    /** {@code NAME: TEXT } as one relay if it fits in 1024 bytes, else as parts (see the class comment). */
    public static byte[] encode(String name, String text) {
        byte[] prefix = (name + ": ").getBytes(StandardCharsets.UTF_8);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        // Room for text in one relay: what the prefix and the trailing space leave.
        int room = LAB_CLIENT_READ_BYTES - prefix.length - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(prefix.length + body.length + 1);
        int start = 0;
        while (body.length - start > room) {
            if (room < 4) {
                // Limits keeps names short enough (Limits.MAX_NAME_CHARS_CEILING); this is a bug if it happens.
                throw new IllegalArgumentException("a name of " + (prefix.length - 2) + " bytes leaves no room for a "
                        + "character in a " + LAB_CLIENT_READ_BYTES + "-byte relay");
            }
            int end = start + room;
            while ((body[end] & 0xc0) == 0x80) {
                end--; // a continuation byte starts no character: cut before the character it belongs to
            }
            append(out, prefix, body, start, end, LAB_CLIENT_READ_BYTES - prefix.length - (end - start));
            start = end;
        }
        append(out, prefix, body, start, body.length, 1);
        return out.toByteArray();
    }

    /** prefix + body[from, to) + {@code spaces} spaces (the relay's trailing space, and any padding). */
    private static void append(ByteArrayOutputStream out, byte[] prefix, byte[] body, int from, int to, int spaces) {
        out.write(prefix, 0, prefix.length);
        out.write(body, from, to - from);
        for (int i = 0; i < spaces; i++) {
            out.write(' ');
        }
    }
}
