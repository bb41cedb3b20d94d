package chatlab.capture.file;

import java.io.IOException;

/** The file is not a capture this reader understands at all (unknown magic, empty file, unreadable header). */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CaptureFormatException(String message) {
        super(message);
    }
}
