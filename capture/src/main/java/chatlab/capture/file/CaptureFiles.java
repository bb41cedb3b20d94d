package chatlab.capture.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/** Opens a capture file of either format, recognised by its first four bytes. */
public final class CaptureFiles {
    private CaptureFiles() {
    }

    public static CaptureReader open(Path path, Consumer<CaptureProblem> problems) throws IOException {
        if (Files.isDirectory(path)) {
            throw new CaptureFormatException(path + " is a directory, not a capture file");
        }
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file");
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return open(channel, problems);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public static CaptureReader open(ReadableByteChannel channel, Consumer<CaptureProblem> problems) throws IOException {
        ByteSource in = new ByteSource(channel);
        int have = in.ensure(4);
        if (have < 4) {
            throw new CaptureFormatException(have == 0 ? "the file is empty" : "the file is too short to be a capture ("
                    + have + " bytes)");
        }
        int magic = Bytes.i32be(in.array(), in.index());
        if (magic == PcapngReader.BLOCK_SHB) {
            return new PcapngReader(in, problems);
        }
        if (magic == PcapReader.MAGIC_MICROS || magic == PcapReader.MAGIC_NANOS
                || Integer.reverseBytes(magic) == PcapReader.MAGIC_MICROS
                || Integer.reverseBytes(magic) == PcapReader.MAGIC_NANOS) {
            return new PcapReader(in, problems);
        }
        throw new CaptureFormatException(String.format(
                "not a pcap or pcapng capture (the file starts with 0x%08x)", magic));
    }
}
