package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.client.RecordingClientOutput;
import chatlab.client.RoomRow;
import chatlab.client.console.Console;
import chatlab.client.console.LineSink;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The prompt names the room the user talks in; tab completion follows the users and the rooms. */
class NameCompletionTest {
    /** Records what the output asks of the console. */
    private static final class RecordingConsole implements Console {
        final List<String> prompts = new ArrayList<>();
        volatile List<String> names = List.of();
        volatile List<String> rooms = List.of();

        @Override public LineSink sink() {
            return line -> { };
        }
        @Override public Optional<String> askName(String prompt) {
            return Optional.empty();
        }
        @Override public void readLines(Predicate<String> handler, BooleanSupplier beforeEachLine) {}
        @Override public void prompt(String text) {
            prompts.add(text);
        }
        @Override public void completeNames(Collection<String> names) {
            this.names = List.copyOf(names);
        }
        @Override public void completeRooms(Collection<String> rooms) {
            this.rooms = List.copyOf(rooms);
        }
        @Override public void close() {}
    }

    private final RecordingConsole console = new RecordingConsole();
    private final RecordingClientOutput shown = new RecordingClientOutput();
    private final NameCompletion output = new NameCompletion(shown, console);

    @Test
    void thePromptNamesTheCurrentRoom() {
        output.currentRoom("#dev", List.of("#general", "#dev"));
        output.currentRoom(null, List.of());
        assertThat(console.prompts).containsExactly("#dev> ", "> ");
        assertThat(shown.lines()).containsExactly("current #dev [#general, #dev]", "current null []");
    }

    @Test
    void roomsCompleteFromThoseJoinedAndThoseListed() {
        output.currentRoom("#dev", List.of("#general", "#dev"));
        output.roomList(List.of(new RoomRow("#general", 2, "", true, false), new RoomRow("#ops", 1, "", false, false)));
        assertThat(console.rooms).containsExactly("#general", "#dev", "#ops");
        output.currentRoom("#general", List.of("#general"));
        assertThat(console.rooms).containsExactly("#general", "#ops");
    }

    @Test
    void usersCompleteFromEveryRoomAndARoomsLinesStayLabelled() {
        output.knownUsers(List.of("alice", "bob"));
        assertThat(console.names).containsExactly("alice", "bob");
        output.inRoom("#dev").message("alice", "hi", false);
        output.inRoom("#dev").userMap(Map.of("carol", "10.0.0.3"));
        assertThat(shown.lines()).containsExactly("[#dev] message alice [hi]", "[#dev] map {carol=10.0.0.3}");
        assertThat(console.names).containsExactly("carol"); // a room's map, until the session names everyone again
    }
}
