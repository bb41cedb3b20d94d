package chatlab.client.console;

import chatlab.client.ChatSession;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The one thread that reads the user's lines for the rest of the run: each line goes to the current session, except
 * when a new name was asked for (the server refused the last one after the reading had begun), when the next line
 * is the name. Before each line the session may hold the reading a moment and mark the line secret
 * ({@link ChatSession#awaitTurn()}, {@link ChatSession#nextLineIsSecret()}).
 */
public final class InputLoop {
    private final Console console;
    private final LinkedBlockingQueue<Optional<String>> names = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile ChatSession session;
    private volatile boolean wantName;
    private volatile String problem;

    public InputLoop(Console console) {
        this.console = console;
    }

    /** Starts reading, handing lines to {@code first}; {@link #done()} completes at the end of input or on /quit. */
    public void start(ChatSession first) {
        session = first;
        console.onRoomKeys(step -> session.cycleRoom(step)); // whichever session is current when the key comes
        Thread reader = new Thread(this::run, "chatlab-input");
        reader.setDaemon(true);
        reader.start();
    }

    /** From now on lines go to {@code next}. */
    public void use(ChatSession next) {
        session = next;
    }

    private void run() {
        try {
            console.readLines(this::line, this::beforeLine);
        } catch (IOException e) {
            problem = "cannot read input: " + e.getMessage();
        } finally {
            names.add(Optional.empty());
            done.complete(null);
        }
    }

    private boolean line(String line) {
        if (wantName) {
            wantName = false;
            console.prompt(Console.PROMPT);
            names.add(Optional.of(line.strip()));
            return true;
        }
        return session.submit(line);
    }

    private boolean beforeLine() {
        if (wantName) {
            return false;
        }
        ChatSession current = session;
        current.awaitTurn();
        return current.nextLineIsSecret();
    }

    /** Takes the next line as a name, with {@code prompt} on the prompt line; empty at the end of input. */
    public Optional<String> askName(String prompt) throws InterruptedException {
        if (done.isDone()) {
            return Optional.empty();
        }
        wantName = true;
        console.prompt(prompt);
        return names.take();
    }

    /** Whether the next line will be taken as a name. */
    public boolean wantsName() {
        return wantName;
    }

    /** Completes when the input ended or the user asked to quit. */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** Why reading stopped, when it was an error. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }
}
