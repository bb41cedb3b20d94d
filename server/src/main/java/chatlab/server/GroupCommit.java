package chatlab.server;

import chatlab.history.LoggedMessage;
import chatlab.history.MessageLog;
import chatlab.history.MessageLogException;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hands the log one batch per turn of the rooms' event loop: every message the rooms took in the turn, whatever
 * room, goes into one {@link MessageLog#append}, and the log commits batches that wait together (group commit), so
 * the disk's syncs follow its speed, not the number of messages. The loop never waits: each batch's outcome comes
 * back as a task on the loop, and the outcomes are handled in the order the batches were handed over, so a room's
 * messages are relayed in the order of their numbers. Confined to the rooms' loop.
 */
final class GroupCommit {
    /** One staged message and what to do once its batch is stored or failed. */
    private record Staged(LoggedMessage message, Runnable stored, Consumer<MessageLogException> failed) {}

    /** A batch handed to the log; {@code done} (and {@code failure}, when it failed) once its future completed. */
    private static final class InFlight {
        final List<Staged> staged;
        boolean done;
        MessageLogException failure;

        InFlight(List<Staged> staged) {
            this.staged = staged;
        }
    }

    private final MessageLog log;
    private final EventExecutor loop;
    private final Runnable flush = this::flush;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private List<Staged> staged = new ArrayList<>();

    GroupCommit(MessageLog log, EventExecutor loop) {
        this.log = log;
        this.loop = loop;
    }

    /** Adds a message to this turn's batch; the batch goes to the log once the loop has run what is queued now. */
    void stage(LoggedMessage message, Runnable stored, Consumer<MessageLogException> failed) {
        if (loop.isShuttingDown()) {
            return; // the server is stopping: nothing more is relayed or acknowledged; its sender sends it again
        }
        if (staged.isEmpty()) {
            loop.execute(flush);
        }
        staged.add(new Staged(message, stored, failed));
    }

    private void flush() {
        if (staged.isEmpty()) {
            return;
        }
        InFlight batch = new InFlight(staged);
        staged = new ArrayList<>();
        List<LoggedMessage> messages = new ArrayList<>(batch.staged.size());
        for (Staged s : batch.staged) {
            messages.add(s.message());
        }
        inFlight.addLast(batch);
        log.append(messages).whenCompleteAsync((ignored, failure) -> {
            batch.done = true;
            batch.failure = failure == null ? null : MessageLogException.of(failure);
            handleDone();
        }, loop);
    }

    /**
     * Whether messages were handed to the log (or are staged for it) whose relays have not run yet: they will be
     * relayed once their commit comes back, typically within a fraction of a millisecond.
     */
    boolean relaysPending() {
        return !staged.isEmpty() || !inFlight.isEmpty();
    }

    /** Handles every batch at the head of the queue whose outcome is known, in the order they were handed over. */
    private void handleDone() {
        while (!inFlight.isEmpty() && inFlight.peekFirst().done) {
            InFlight batch = inFlight.pollFirst();
            for (Staged s : batch.staged) {
                try {
                    if (batch.failure == null) {
                        s.stored().run();
                    } else {
                        s.failed().accept(batch.failure);
                    }
                } catch (RuntimeException bug) {
                    // One message's failure (a bug) must not cost the others theirs, nor vanish in the future.
                    Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), bug);
                }
            }
        }
    }
}
