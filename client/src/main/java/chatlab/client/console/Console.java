package chatlab.client.console;

import java.io.IOException;
import java.util.Collection;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/** Where the user's lines come from and the client's lines go to. */
public interface Console extends AutoCloseable {
    LineSink sink();

    /** Asks for the user's name; empty at end of input. */
    Optional<String> askName(String prompt) throws IOException;

    /**
     * Reads lines and hands each to {@code handler} until the handler returns false or input ends (Ctrl-D, end of
     * a pipe). Ctrl-C ends input too.
     */
    default void readLines(Predicate<String> handler) throws IOException {
        readLines(handler, () -> false);
    }

    /**
     * As {@link #readLines(Predicate)}; {@code beforeEachLine} is asked before each line is read (it may wait a
     * moment) and says whether that line is secret: a terminal then reads it without echo.
     */
    void readLines(Predicate<String> handler, BooleanSupplier beforeEachLine) throws IOException;

    /** A short status (what waits for the server) where the console can show it beside the prompt; "" clears it. */
    default void status(String text) {}

    /** The prompt of {@link #readLines}. */
    String PROMPT = "> ";

    /** Sets the prompt of {@link #readLines}, at once if a line is being read; a plain console shows none. */
    default void prompt(String text) {}

    /** Asks for a password without echo; empty where the console cannot hide input. */
    default Optional<String> askPassword(String prompt) {
        return Optional.empty();
    }

    /** Names offered by tab completion; a plain console ignores them. */
    default void completeNames(Collection<String> names) {}

    /** Room names offered by tab completion after a rooms command ({@code /join #de<Tab>}); a plain console ignores them. */
    default void completeRooms(Collection<String> rooms) {}

    /**
     * What the keys that go to the next or the previous room call, with 1 or -1 (a terminal's Alt-Right and Alt-Left,
     * Ctrl-X n and Ctrl-X p); a plain console has no such keys (its lines say {@code /switch}).
     */
    default void onRoomKeys(IntConsumer step) {}

    @Override
    void close();
}
