package chatlab.capture.file;

import java.io.Closeable;
import java.io.IOException;

/** Streams the frames of a capture file, one at a time, in file order. */
public interface CaptureReader extends Closeable {
    /**
     * Fills {@code frame} with the next packet. Returns false at the end of the file. Damage is reported to the
     * problem listener given at open time and skipped where possible; this method never loops without progress.
     */
    boolean next(Frame frame) throws IOException;

    /** "pcap" or "pcapng", with details such as byte order and timestamp resolution. */
    String describe();
}
