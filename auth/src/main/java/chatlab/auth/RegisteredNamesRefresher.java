package chatlab.auth;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a {@link RegisteredNames} snapshot in step with the user store, so the checks made at every registration
 * answer from memory and never wait for SQLite.
 *
 * <p>Every {@code every} (on the authenticator's own threads) it asks the store for its {@link UserStore.ChangeStamp},
 * one small query, and reads the names again only when the stamp moved: a change by this process, or a commit by
 * another one ({@code chatlab users add/remove/lock} run against the same file). A snapshot is therefore at most
 * about {@code every} plus one reload behind the file. When the store cannot be read, the snapshot becomes
 * {@link RegisteredNames#unreadable()} until a later read succeeds, and the caller protects names as it always did
 * on a store error.
 */
final class RegisteredNamesRefresher {
    private final UserStore store;
    private volatile RegisteredNames current;
    /** The stamp the current snapshot was read at; null when it must be read again whatever the stamp says. */
    private UserStore.ChangeStamp readAt;

    /** Reads the names once, on the caller's thread (a server starting up), so the first registration finds them. */
    RegisteredNamesRefresher(UserStore store) {
        this.store = store;
        refresh();
    }

    /** The latest snapshot; a volatile read, nothing else. */
    RegisteredNames current() {
        return current;
    }

    /** Checks the stamp at a fixed delay on {@code executor} until it shuts down. */
    void start(ScheduledExecutorService executor, Duration every) {
        long millis = Math.max(1, every.toMillis());
        executor.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Reloads the names when the store changed since the last read. The stamp is taken before the names, so a change
     * committed in between is read now or, at the latest, at the next refresh: never missed. Synchronized because a
     * caller may refresh at once while the timer's run is under way.
     */
    synchronized void refresh() {
        try {
            UserStore.ChangeStamp stamp = store.changeStamp();
            if (stamp.equals(readAt)) {
                return;
            }
            RegisteredNames names = RegisteredNames.of(store.names());
            current = names;
            readAt = stamp;
        } catch (UserStoreException | RuntimeException e) {
            // A scheduled task that throws is never run again: record the doubt and try afresh next time.
            current = RegisteredNames.unreadable();
            readAt = null;
        }
    }
}
