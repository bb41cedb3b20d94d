package chatlab.capture.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a large synthetic pcap shaped like a capture of {@code chatlab bench fanout} on the lab wire: N clients
 * connect to port 5000 (Linux SYN options, timestamps on every segment), register a name and get the user map; then
 * senders write messages and the server relays {@code NAME: TEXT } to every other client, each segment acknowledged.
 * A share of the server's segments is left out of the file, as a busy tcpdump drops them, so the chat reassembly
 * meets holes that never fill; a few clients also send UDP direct messages. Deterministic for a seed.
 *
 * <p>Usage: {@code ChatCaptureGenerator FILE PACKETS [CLIENTS [DROPS_PER_MILLION [TEXT_BYTES]]]}
 */
public final class ChatCaptureGenerator {
    public static final int SERVER = 0x0A0000FE;
    public static final int PORT = 5000;
    private static final int SENDERS = 10;
    /** Bytes of each message's text: a busy server's relays hold several messages per segment, some 400 bytes. */
    public static final int DEFAULT_TEXT_BYTES = 400;

    private ChatCaptureGenerator() {
    }

    public static void main(String[] args) throws IOException {
        PcapStream.main(args, new int[] {100, 200, DEFAULT_TEXT_BYTES},
                (file, packets, n) -> write(file, packets, n[0], n[1], n[2], 1));
    }

    private static int client(int i) {
        return 0x0A000100 + i;
    }

    /** Writes at least {@code packets} packets (the last message's fan-out is completed); returns the file size. */
    public static long write(Path file, long packets, int clients, int dropsPerMillion, int textBytes, long seed)
            throws IOException {
        String padding = "x".repeat(Math.max(0, textBytes - 40));
        Random random = new Random(seed);
        long[] cseq = new long[clients];
        long[] sseq = new long[clients];
        String[] names = new String[clients];
        long nanos = 1_700_000_000_000_000_000L;
        try (PcapStream out = new PcapStream(file)) {
            StringBuilder map = new StringBuilder("!{");
            for (int i = 0; i < clients && out.packets() < packets; i++) {
                names[i] = "user" + i;
                int c = client(i);
                int port = 40000 + i;
                cseq[i] = random.nextInt() & 0xFFFFFFFFL;
                sseq[i] = random.nextInt() & 0xFFFFFFFFL;
                nanos = out.handshake(nanos, c, SERVER, port, PORT, cseq[i], sseq[i]);
                cseq[i]++;
                sseq[i]++;
                byte[] name = names[i].getBytes(StandardCharsets.UTF_8);
                out.tcp(nanos += 10_000, c, SERVER, port, PORT, cseq[i], sseq[i], 0x018, 512, PcapStream.TIMESTAMPS,
                        name, name.length);
                cseq[i] += name.length;
                map.append(i == 0 ? "" : ", ").append('"').append(names[i]).append("\": \"10.0.1.").append(i % 256)
                        .append('"');
                byte[] users = (map + "}").getBytes(StandardCharsets.UTF_8);
                out.tcp(nanos += 10_000, SERVER, c, PORT, port, sseq[i], cseq[i], 0x018, 512, PcapStream.TIMESTAMPS,
                        users, users.length);
                sseq[i] += users.length;
                out.tcp(nanos += 10_000, c, SERVER, port, PORT, cseq[i], sseq[i], 0x010, 512, PcapStream.TIMESTAMPS,
                        null, 0);
            }
            long message = 0;
            while (out.packets() < packets) {
                int s = random.nextInt(Math.min(SENDERS, clients));
                int sc = client(s);
                if (random.nextInt(100) == 0) {
                    int to = random.nextInt(clients);
                    out.udp(nanos += 5_000, sc, client(to), PORT, PORT,
                            ("direct " + message + " to " + names[to]).getBytes(StandardCharsets.UTF_8));
                }
                byte[] text = ("message " + message++ + " from " + names[s] + ": " + padding)
                        .getBytes(StandardCharsets.UTF_8);
                out.tcp(nanos += 5_000, sc, SERVER, 40000 + s, PORT, cseq[s], sseq[s], 0x018, 512,
                        PcapStream.TIMESTAMPS, text, text.length);
                cseq[s] += text.length;
                out.tcp(nanos += 5_000, SERVER, sc, PORT, 40000 + s, sseq[s], cseq[s], 0x010, 512,
                        PcapStream.TIMESTAMPS, null, 0);
                byte[] relay = (names[s] + ": " + new String(text, StandardCharsets.UTF_8) + " ")
                        .getBytes(StandardCharsets.UTF_8);
                for (int j = 0; j < clients; j++) {
                    if (j == s) {
                        continue;
                    }
                    int c = client(j);
                    if (random.nextInt(1_000_000) >= dropsPerMillion) {
                        out.tcp(nanos += 2_000, SERVER, c, PORT, 40000 + j, sseq[j], cseq[j], 0x018, 512,
                                PcapStream.TIMESTAMPS, relay, relay.length);
                    }
                    sseq[j] += relay.length;
                    out.tcp(nanos += 2_000, c, SERVER, 40000 + j, PORT, cseq[j], sseq[j], 0x010, 512,
                            PcapStream.TIMESTAMPS, null, 0);
                }
            }
            return out.bytesWritten();
        }
    }
}
