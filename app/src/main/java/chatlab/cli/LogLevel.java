package chatlab.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Sets the level of chatlab's own loggers from {@code --log-level}. */
final class LogLevel {
    private LogLevel() {}

    static void apply(String level) {
        Level parsed = Level.toLevel(level, null);
        if (parsed == null) {
            throw new UserError("unknown log level '" + level + "'; use error, warn, info, debug or trace", 2);
        }
        ((Logger) LoggerFactory.getLogger("chatlab")).setLevel(parsed);
    }
}
