package chatlab.capture.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes small synthetic captures for the tests: packets one millisecond apart, or at the times given. */
public final class Captures {
    private Captures() {
    }

    /** A little-endian microsecond pcap of these packets, {@code gapMicros} apart. */
    public static Path pcap(Path file, int linkType, List<byte[]> packets, long gapMicros) throws IOException {
        try (CaptureWriter w = CaptureWriter.pcap(file, linkType)) {
            long t = LabScenario.START_NANOS;
            for (byte[] p : packets) {
                w.packet(t, p);
                t += gapMicros * 1000;
            }
        }
        return file;
    }

    /** Ethernet, one millisecond apart. */
    public static Path pcap(Path file, List<byte[]> packets) throws IOException {
        return pcap(file, 1, packets, 1000);
    }
}
