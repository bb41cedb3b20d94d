package chatlab.proc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a byte stream into lines for a {@link LineListener}: at each {@code \n}, a {@code \r} before it dropped, each
 * line decoded as UTF-8 once it is whole (so a character split across reads is never cut). A line longer than
 * {@code maxLineBytes} is passed on in pieces of that size, so an endless line costs bounded memory.
 */
final class LineSplitter {
    private final Stream stream;
    private final LineListener listener;
    private final int maxLineBytes;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    LineSplitter(Stream stream, LineListener listener, int maxLineBytes) {
        this.stream = stream;
        this.listener = listener;
        this.maxLineBytes = maxLineBytes;
    }

    void accept(byte[] bytes, int offset, int length) {
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                pending.write(bytes, start, i - start);
                emit(true);
                start = i + 1;
            } else if (pending.size() + (i + 1 - start) >= maxLineBytes) {
                pending.write(bytes, start, i + 1 - start);
                emit(false);
                start = i + 1;
            }
        }
        pending.write(bytes, start, offset + length - start);
    }

    /** The end of the stream: an unfinished last line is a line too. */
    void finish() {
        if (pending.size() > 0) {
            emit(false);
        }
    }

    private void emit(boolean ended) {
        byte[] line = pending.toByteArray();
        pending.reset();
        int length = ended && line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        listener.line(stream, new String(line, 0, length, StandardCharsets.UTF_8));
    }
}
