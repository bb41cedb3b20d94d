package chatlab.client.console;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.client.ChatSession;
import chatlab.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class InputLoopTest {
    /** Records the lines it is given and how often it was asked to wait before one. */
    private static final class RecordingSession implements ChatSession {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<Integer> steps = new CopyOnWriteArrayList<>();
        volatile int turns;

        @Override public void cycleRoom(int step) {
            steps.add(step);
        }

        @Override public void start(String name) {}
        @Override public boolean submit(String line) {
            lines.add(line);
            return !line.equals("/quit");
        }
        @Override public CompletableFuture<Void> finish() {
            return CompletableFuture.completedFuture(null);
        }
        @Override public CompletableFuture<String> ended() {
            return new CompletableFuture<>();
        }
        @Override public CompletableFuture<Void> registered() {
            return new CompletableFuture<>();
        }
        @Override public void awaitTurn() {
            turns++;
        }
        @Override public Optional<Map<String, String>> users() {
            return Optional.empty();
        }
        @Override public int udpPort() {
            return 0;
        }
        @Override public void close() {}
    }

    @Test
    void linesGoToTheCurrentSessionAndANameCanBeAskedForInBetween() throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        PlainConsole console = new PlainConsole(new PipedInputStream(typing),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        InputLoop input = new InputLoop(console);
        RecordingSession first = new RecordingSession();
        input.start(first);
        typing.write("hello\n".getBytes(StandardCharsets.UTF_8));
        Await.until("the first line", () -> first.lines.equals(List.of("hello")));

        CompletableFuture<Optional<String>> name = CompletableFuture.supplyAsync(() -> {
            try {
                return input.askName("Your name: ");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until("the loop to wait for a name", input::wantsName);
        typing.write(" carol \n".getBytes(StandardCharsets.UTF_8));
        assertThat(name.get()).contains("carol");
        RecordingSession second = new RecordingSession();
        input.use(second);
        typing.write("again\n/quit\n".getBytes(StandardCharsets.UTF_8));
        input.done().get();
        assertThat(first.lines).containsExactly("hello");
        assertThat(second.lines).containsExactly("again", "/quit");
        assertThat(first.turns + second.turns).as("each read waited for its session's turn").isGreaterThanOrEqualTo(3);
        assertThat(input.askName("Your name: ")).as("no names after the end of input").isEmpty();
    }

    /** A console whose room keys the test presses; lines come from a plain console. */
    private static final class KeyConsole implements Console {
        private final PlainConsole lines;
        volatile java.util.function.IntConsumer keys;

        KeyConsole(PipedInputStream in) {
            lines = new PlainConsole(in, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        }

        @Override public LineSink sink() {
            return lines.sink();
        }
        @Override public Optional<String> askName(String prompt) throws java.io.IOException {
            return lines.askName(prompt);
        }
        @Override public void readLines(java.util.function.Predicate<String> handler,
                java.util.function.BooleanSupplier beforeEachLine) throws java.io.IOException {
            lines.readLines(handler, beforeEachLine);
        }
        @Override public void onRoomKeys(java.util.function.IntConsumer step) {
            keys = step;
        }
        @Override public void close() {
            lines.close();
        }
    }

    @Test
    void theRoomKeysGoToTheSessionThatReadsTheLines() throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        KeyConsole console = new KeyConsole(new PipedInputStream(typing));
        InputLoop input = new InputLoop(console);
        RecordingSession first = new RecordingSession();
        input.start(first);
        console.keys.accept(1);
        RecordingSession second = new RecordingSession();
        input.use(second);
        console.keys.accept(-1);
        assertThat(first.steps).containsExactly(1);
        assertThat(second.steps).containsExactly(-1);
        typing.close();
        input.done().get();
    }
}
