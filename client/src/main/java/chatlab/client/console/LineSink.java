package chatlab.client.console;

import org.jline.utils.AttributedString;

/** Where finished output lines go: above the prompt on a terminal, or straight to stdout. Thread-safe. */
public interface LineSink {
    void line(AttributedString line);
}
