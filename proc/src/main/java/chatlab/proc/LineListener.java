package chatlab.proc;

/**
 * Sees each line a program prints, as it is read, on the thread reading that output: it should return quickly.
 * A line is its text without the line end ({@code \n}, or {@code \r\n}); the last one may have none.
 */
@FunctionalInterface
public interface LineListener {
    LineListener NONE = (stream, text) -> { };

    void line(Stream stream, String text);
}
