package chatlab.cli;

import chatlab.history.HistoryConfig;
import chatlab.history.LoggedMessage;
import chatlab.history.MessageLogException;
import chatlab.history.RoomInfo;
import chatlab.history.SqliteMessageLog;
import chatlab.history.StoredTopic;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chatlab history}: reads the message log a server with history keeps (docs/HISTORY.md). */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = "Reads the message log (messages.db) that chatlab server keeps with its history: lists the rooms "
                + "in it, or writes a room's messages as JSON lines. It only reads, so it may run while a server "
                + "writes the log.",
        subcommands = {HistoryCommand.Export.class, HistoryCommand.Rooms.class})
final class HistoryCommand implements Runnable {
    /** Messages read per page while exporting (the log's own page limit). */
    static final int EXPORT_PAGE = HistoryConfig.DEFAULT_MAX_PAGE_MESSAGES;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The log every history subcommand reads. */
    static final class LogOption {
        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "The folder holding the message log (messages.db); default: $XDG_DATA_HOME/chatlab or "
                        + "~/.local/share/chatlab.")
        Path dataDir;

        Path path() {
            return SqliteMessageLog.pathIn(dataDir != null ? dataDir : SqliteMessageLog.defaultDirectory());
        }

        SqliteMessageLog open() {
            try {
                return SqliteMessageLog.openForReading(path(), HistoryConfig.defaults());
            } catch (MessageLogException e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    /** The value of a read, or the log's one-line reason as a user error. */
    static <T> T read(CompletableFuture<T> read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        } catch (ExecutionException e) {
            throw new UserError(MessageLogException.of(e).getMessage());
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Writes every message the log keeps of a room, oldest first, as JSON lines: one object per "
                    + "message with room, seq, time, from, wire, id (null for lab users), text and action.")
    static final class Export implements Callable<Integer> {
        @Mixin LogOption log;

        @Option(names = "--room", required = true, paramLabel = "NAME",
                description = "The room, as the server names it (#general).")
        String room;

        @Option(names = "--out", paramLabel = "FILE",
                description = "Write to this file instead of standard output; a new file is readable by its owner only, "
                        + "like the log.")
        Path out;

        @Spec CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            try (SqliteMessageLog messages = log.open()) {
                RoomInfo info = read(messages.room(room)).orElseThrow(() -> new UserError("no room named \"" + room
                        + "\" in the message log " + log.path() + "; chatlab history rooms lists them"));
                long written;
                if (out == null) {
                    PrintWriter stdout = spec.commandLine().getOut();
                    written = export(messages, stdout);
                    stdout.flush();
                } else {
                    try (Writer file = new BufferedWriter(new OutputStreamWriter(
                            Files.newOutputStream(ownerOnly(out), StandardOpenOption.TRUNCATE_EXISTING),
                            StandardCharsets.UTF_8))) {
                        written = export(messages, file);
                    }
                    spec.commandLine().getOut().printf("wrote %,d messages of %s (seq %d to %d) to %s%n", written,
                            info.name(), info.firstSeq(), info.lastSeq(), out);
                }
            }
            return 0;
        }

        /** Every message of the room, page by page from the oldest. */
        private long export(SqliteMessageLog messages, Writer to) throws IOException {
            long written = 0;
            long after = 0;
            while (true) {
                List<LoggedMessage> page = read(messages.after(room, after, EXPORT_PAGE));
                for (LoggedMessage message : page) {
                    MessageJsonLines.write(to, message);
                }
                written += page.size();
                if (page.size() < EXPORT_PAGE) {
                    return written;
                }
                after = page.get(page.size() - 1).seq();
            }
        }

        /** The file, made 0600 when new: an export holds what the log holds. */
        private static Path ownerOnly(Path file) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException existing) {
                // Overwritten, its permissions kept.
            } catch (IOException | UnsupportedOperationException e) {
                throw new UserError("cannot write " + file + ": " + e.getMessage());
            }
            return file;
        }
    }

    @Command(name = "rooms", mixinStandardHelpOptions = true,
            description = "Lists the rooms in the message log: messages kept, the oldest and newest kept, their size "
                    + "(text, names and ids) and the topic.")
    static final class Rooms implements Callable<Integer> {
        @Mixin LogOption log;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            try (SqliteMessageLog messages = log.open()) {
                PrintWriter out = spec.commandLine().getOut();
                out.printf("%-24s %10s %10s %10s %12s  %s%n", "ROOM", "MESSAGES", "FIRST", "LAST", "BYTES", "TOPIC");
                for (RoomInfo room : read(messages.rooms())) {
                    out.printf("%-24s %,10d %10d %10d %,12d  %s%n", room.name(), room.messages(), room.firstSeq(),
                            room.lastSeq(), room.bytes(), room.topic() == null ? "" : StoredTopic.decode(room.topic()).text());
                }
                out.flush();
            }
            return 0;
        }
    }
}
