package chatlab.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Decides who may join and checks logins, for both wires: the lab's plain-text password and SCRAM-SHA-256 on v2.
 *
 * <p>Unknown names go through the same work as known ones (a decoy verifier with the same cost) and get the same
 * answer; locked accounts too. Every answer to an attempt waits the throttle's delay first. The checks run on a
 * small pool of their own, never on a network thread, since PBKDF2 is deliberately slow.
 *
 * <p>Nothing here that a network thread calls reads the store: the name checks made at every registration
 * ({@link #needsLogin}, {@link #startsWithRegisteredName}, {@link #resemblesRegisteredName}) answer from an in-memory
 * snapshot of the registered names that the same pool keeps up to date ({@link RegisteredNamesRefresher}), and the
 * rest returns a future completed on that pool. The server runs its whole room on one event loop: a query there,
 * on a slow disk, would stall every client's chat.
 */
public final class Authenticator implements AutoCloseable {
    /** What an attempt came to. The reason is for the log only; a client is told just "login failed". */
    public record Outcome(boolean success, String reason, Optional<String> serverFinal) {
        static Outcome failure(String reason) {
            return new Outcome(false, reason, Optional.empty());
        }
    }

    private final UserStore store;
    private final AuthConfig config;
    private final LoginThrottle throttle;
    private final DecoyVerifiers decoys;
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "chatlab-auth");
        thread.setDaemon(true);
        return thread;
    });

    /** Lab-wire password checks queued at once; beyond it, attempts fail at once instead of stalling everyone's. */
    static final int MAX_PENDING_PASSWORD_CHECKS = 16;

    private final java.util.concurrent.atomic.AtomicInteger pendingChecks = new java.util.concurrent.atomic.AtomicInteger();

    private final RegisteredNamesRefresher registered;

    public Authenticator(UserStore store, AuthConfig config, Clock clock) throws UserStoreException {
        this.store = store;
        this.config = config;
        this.throttle = new LoginThrottle(config, clock);
        this.decoys = new DecoyVerifiers(decoyIterations(store, config), store.decoySecret());
        this.registered = new RegisteredNamesRefresher(store);
        registered.start(workers, config.namesRefresh());
    }

    private static int decoyIterations(UserStore store, AuthConfig config) throws UserStoreException {
        int common = store.mostCommonIterations();
        return common > 0 ? common : config.iterations();
    }

    public AuthMode mode() {
        return config.mode();
    }

    /**
     * Whether this name must log in: every name when required, registered names when optional, none when off. From
     * memory: a name registered moments ago may be taken for a guest's for up to {@link AuthConfig#namesRefresh}.
     */
    public boolean needsLogin(String name) {
        switch (config.mode()) {
            case OFF:
                return false;
            case REQUIRED:
                return true;
            default:
                RegisteredNames names = registered.current();
                return !names.readable() || names.contains(name); // when in doubt, protect the name
        }
    }

    /**
     * The lab path: the password itself, in clear text. Completes after the throttle's delay. Every check costs at
     * least the configured iterations (an account with fewer gets the difference as extra work), so the time of the
     * answer says nothing about whether the name exists or how old its verifier is.
     */
    public CompletableFuture<Outcome> checkPassword(String name, String password, String address) {
        if (pendingChecks.incrementAndGet() > MAX_PENDING_PASSWORD_CHECKS) {
            pendingChecks.decrementAndGet();
            throttle.failed(name, address);
            return CompletableFuture.completedFuture(Outcome.failure("too many logins being checked at once"));
        }
        CompletableFuture<Outcome> result = afterDelay(name, address, () -> {
            if (throttle.lockedOut(name, address)) {
                throttle.failed(name, address);
                return Outcome.failure("locked out after too many failures");
            }
            Optional<Account> account = find(name);
            Verifier verifier = account.map(Account::verifier).orElseGet(() -> decoys.forName(name));
            boolean matches = verifier.matches(password);
            if (verifier.iterations() < config.iterations()) {
                Scram.saltedPassword(password, verifier.salt(), config.iterations() - verifier.iterations());
            }
            Outcome outcome = judge(name, address, account, matches);
            if (outcome.success() && verifier.iterations() < config.iterations()) {
                upgradeNow(name, Verifier.derive(password, config.iterations(), random));
            }
            return outcome;
        });
        return result.whenComplete((outcome, error) -> pendingChecks.decrementAndGet());
    }

    /**
     * Whether a lab client's first message is a registered name with more after it: the name and the password typed
     * ahead arrived in one read. Such a "name" must be refused without being shown or logged, since it holds the
     * password.
     */
    public boolean startsWithRegisteredName(String first) {
        RegisteredNames names = registered.current();
        return names.readable() && names.hasProperPrefixOf(first);
    }

    /**
     * Whether a guest's name looks like a registered one without being it (case, width, accents, invisible joiners):
     * in optional mode a guest may not pass for a registered user. Look-alike letters of other scripts (Cyrillic
     * 'а' for Latin 'a') are not caught; docs/SECURITY.md says so.
     */
    public boolean resemblesRegisteredName(String name) {
        if (config.mode() != AuthMode.OPTIONAL) {
            return false;
        }
        RegisteredNames names = registered.current();
        return !names.readable() || names.hasLookAlikeOf(name);
    }

    /** Rereads the registered names now if the store changed, instead of at the next scheduled look. */
    void refreshRegisteredNames() {
        registered.refresh();
    }

    /** The snapshot the name checks answer from now. */
    RegisteredNames registeredNames() {
        return registered.current();
    }

    /** The v2 path: starts a SCRAM exchange. Its {@code serverFirst} reads the store: call it through {@link #serverFirst}. */
    public ScramServerExchange newExchange() {
        return new ScramServerExchange(name -> {
            return find(name).map(Account::verifier);
        }, decoys, random);
    }

    /**
     * The v2 path: reads client-first and answers server-first, on this pool, since the answer holds the account's
     * salt and count from the store. Fails with a {@link ScramException} when client-first is malformed. The exchange
     * is handed over whole: its caller must not touch it until the future completes.
     */
    public CompletableFuture<String> serverFirst(ScramServerExchange exchange, String clientFirst) {
        CompletableFuture<String> result = new CompletableFuture<>();
        try {
            workers.execute(() -> {
                try {
                    result.complete(exchange.serverFirst(clientFirst));
                } catch (ScramException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(e); // closed: the server is stopping
        }
        return result;
    }

    /** The v2 path: checks client-final. Completes after the throttle's delay. */
    public CompletableFuture<Outcome> finishExchange(ScramServerExchange exchange, String clientFinal, String address) {
        String name = exchange.user();
        return afterDelay(name, address, () -> {
            Optional<String> serverFinal;
            try {
                serverFinal = exchange.serverFinal(clientFinal);
            } catch (ScramException e) {
                throttle.failed(name, address);
                return Outcome.failure("malformed SCRAM message: " + e.getMessage());
            }
            Outcome outcome = judge(name, address, find(name), serverFinal.isPresent());
            return outcome.success() ? new Outcome(true, outcome.reason(), serverFinal) : outcome;
        });
    }

    /** Whether a verifier should be replaced by a stronger one (a SCRAM client can send one, see the v2 wire). */
    public boolean wantsUpgrade(Verifier verifier) {
        return verifier.iterations() < config.iterations();
    }

    public int iterations() {
        return config.iterations();
    }

    /**
     * Stores a new verifier for a user who just logged in (the upgrade of a weaker one), later, on this pool: the
     * caller may be a network thread, and the store write must not hold it up. Completes once it is stored, or could
     * not be (the old verifier then keeps working, and the next login tries again).
     */
    public CompletableFuture<Void> upgrade(String name, Verifier verifier) {
        try {
            return CompletableFuture.runAsync(() -> upgradeNow(name, verifier), workers);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null); // closed: the server is stopping
        }
    }

    private void upgradeNow(String name, Verifier verifier) {
        try {
            store.setVerifier(name, verifier);
            decoys.iterations(decoyIterations(store, config));
        } catch (UserStoreException e) {
            // The old verifier keeps working; the next login tries again.
        }
    }

    private Outcome judge(String name, String address, Optional<Account> account, boolean proofMatches) {
        if (throttle.lockedOut(name, address)) {
            throttle.failed(name, address);
            return Outcome.failure("locked out after too many failures");
        }
        if (account.isEmpty()) {
            throttle.failed(name, address);
            return Outcome.failure("no such user");
        }
        if (account.get().locked()) {
            throttle.failed(name, address);
            return Outcome.failure("the account is locked");
        }
        if (!proofMatches) {
            throttle.failed(name, address);
            return Outcome.failure("wrong password");
        }
        throttle.succeeded(name, address);
        return new Outcome(true, "ok", Optional.empty());
    }

    private Optional<Account> find(String name) {
        try {
            return store.find(name);
        } catch (UserStoreException e) {
            return Optional.empty();
        }
    }

    /**
     * Attempts on one account, and from one address, are answered one after another, each after the delay its
     * predecessors' failures earned: guesses sent in parallel cannot skip the growing delay.
     */
    private final java.util.Map<String, CompletableFuture<?>> lastAttempt = new java.util.HashMap<>();

    private CompletableFuture<Outcome> afterDelay(String name, String address, java.util.function.Supplier<Outcome> check) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        CompletableFuture<?> before;
        synchronized (lastAttempt) {
            CompletableFuture<?> account = lastAttempt.getOrDefault("u:" + name, CompletableFuture.completedFuture(null));
            CompletableFuture<?> from = lastAttempt.getOrDefault("a:" + address, CompletableFuture.completedFuture(null));
            before = CompletableFuture.allOf(account, from);
            lastAttempt.put("u:" + name, result);
            lastAttempt.put("a:" + address, result);
        }
        before.whenComplete((ignored, error) -> {
            Duration delay = throttle.delayBeforeAnswer(name, address);
            workers.schedule(() -> {
                try {
                    result.complete(check.get());
                } catch (RuntimeException e) {
                    result.complete(Outcome.failure("internal error: " + e));
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        });
        result.whenComplete((outcome, error) -> {
            synchronized (lastAttempt) {
                lastAttempt.remove("u:" + name, result);
                lastAttempt.remove("a:" + address, result);
            }
        });
        return result;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
