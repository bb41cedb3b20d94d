package chatlab.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures what the server logs through {@link LoggingServerEvents}: each line's message, and its size as the real
 * configuration (app's logback.xml, its STDERR appender's encoder) writes it, timestamp and level included.
 */
final class CapturedServerLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("chatlab.server");
    private final Encoder<ILoggingEvent> encoder;
    private final List<String> messages = new ArrayList<>();
    private long bytes;

    @SuppressWarnings("unchecked")
    CapturedServerLog() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var stderr = root.getAppender("STDERR");
        if (!(stderr instanceof OutputStreamAppender<?> configured)) {
            throw new IllegalStateException("app's logback.xml with its STDERR appender is not the configuration");
        }
        this.encoder = ((OutputStreamAppender<ILoggingEvent>) configured).getEncoder();
        setContext(logger.getLoggerContext());
        setName("captured-server-log");
        start();
        logger.addAppender(this);
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        messages.add(event.getFormattedMessage());
        bytes += encoder.encode(event).length;
    }

    synchronized List<String> messages() {
        return new ArrayList<>(messages);
    }

    /** Bytes the configured console appender wrote for the captured lines. */
    synchronized long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
