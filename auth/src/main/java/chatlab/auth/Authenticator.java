package chatlab.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Decides who may join and checks logins, for both wires: the lab's plain-text password and SCRAM-SHA-256 on v2.
 *
 * <p>Unknown names go through the same work as known ones (a decoy verifier with the same cost) and get the same
 * answer; locked accounts too. Every answer to an attempt waits the throttle's delay first ({@link LoginThrottle}:
 * per address, per account and address, and a capped delay per account). The checks run on threads of their own,
 * never on a network thread, since PBKDF2 is deliberately slow; how many may wait is bounded for the server and,
 * well below that, for each address, and an attempt over either bound is answered "busy", never "wrong password".
 *
 * <p>Nothing here that a network thread calls reads the store: the name checks made at every registration
 * ({@link #needsLogin}, {@link #startsWithRegisteredName}, {@link #resemblesRegisteredName}) answer from an in-memory
 * snapshot of the registered names that the same pool keeps up to date ({@link RegisteredNamesRefresher}), and the
 * rest returns a future completed on that pool. The server runs its whole room on one event loop: a query there,
 * on a slow disk, would stall every client's chat.
 */
public final class Authenticator implements AutoCloseable {
    /**
     * What an attempt came to. The reason is for the log only: a refused client is told just "login failed", a busy
     * one that the server (or its address) has too many logins under way.
     */
    public record Outcome(Verdict verdict, String reason, Optional<String> serverFinal) {
        /** Busy answers are never counted as failures: the password was not checked. */
        public enum Verdict { ACCEPTED, REFUSED, SERVER_BUSY, ADDRESS_BUSY }

        public boolean success() {
            return verdict == Verdict.ACCEPTED;
        }

        /** The password was not checked: too many logins under way (answer "busy", never "login failed"). */
        public boolean busy() {
            return verdict == Verdict.SERVER_BUSY || verdict == Verdict.ADDRESS_BUSY;
        }

        static Outcome failure(String reason) {
            return new Outcome(Verdict.REFUSED, reason, Optional.empty());
        }

        static Outcome accepted(Optional<String> serverFinal) {
            return new Outcome(Verdict.ACCEPTED, "ok", serverFinal);
        }
    }

    private final UserStore store;
    private final AuthConfig config;
    private final LoginThrottle throttle;
    private final DecoyVerifiers decoys;
    private final SecureRandom random = new SecureRandom();
    /** Timers (the throttle's delays), the names refresh, and the v2 path's store reads and proofs: all quick. */
    private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(2, daemon("chatlab-auth"));
    /** Lab-wire password checks, each a full PBKDF2 run: on their own threads, so they never hold up the timers. */
    private final ExecutorService passwordChecks = Executors.newFixedThreadPool(PASSWORD_CHECK_THREADS,
            daemon("chatlab-password-check"));

    /** The machine this runs on has two cores; the room's event loop needs a share of them too. */
    static final int PASSWORD_CHECK_THREADS = 2;

    /** Lab password checks queued or running; at most {@link AuthConfig#maxPasswordChecks}. */
    private final AtomicInteger checksInFlight = new AtomicInteger();
    /** Logins in progress per address, both wires; at most {@link AuthConfig#maxLoginsPerAddress} each. */
    private final Map<String, Integer> loginsInProgress = new HashMap<>();

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
     * answer says nothing about whether the name exists or how old its verifier is. Answered "busy" (and not counted
     * as a failure) when its address has too many logins under way, or the server too many checks queued.
     */
    public CompletableFuture<Outcome> checkPassword(String name, String password, String address) {
        return withinAddressLimit(address, () -> afterDelay(name, address, this::onPasswordCheckThreads, () -> {
            if (throttle.lockedOut(name, address)) {
                throttle.failed(name, address);
                return Outcome.failure("locked out after too many failures from this address");
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
        }));
    }

    /**
     * Runs a password check on its own threads, unless {@link AuthConfig#maxPasswordChecks} are queued or running
     * already: then the attempt is answered "busy" at once (never "wrong password"), and the server's CPU stays
     * bounded whatever arrives.
     */
    private void onPasswordCheckThreads(Supplier<Outcome> check, CompletableFuture<Outcome> result) {
        if (checksInFlight.incrementAndGet() > config.maxPasswordChecks()) {
            checksInFlight.decrementAndGet();
            result.complete(new Outcome(Outcome.Verdict.SERVER_BUSY,
                    config.maxPasswordChecks() + " password checks under way (not counted as a failure)", Optional.empty()));
            return;
        }
        try {
            passwordChecks.execute(() -> {
                try {
                    complete(check, result);
                } finally {
                    checksInFlight.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            checksInFlight.decrementAndGet();
            result.complete(Outcome.failure("the server is stopping"));
        }
    }

    /**
     * Counts a login from {@code address} while it is under way, both wires; over the limit it is answered "busy"
     * at once, not counted as a failure. One address can thus hold only a few of the server's check slots and
     * timers, whatever it sends; attempts from other addresses never wait for it.
     */
    private CompletableFuture<Outcome> withinAddressLimit(String address, Supplier<CompletableFuture<Outcome>> login) {
        synchronized (loginsInProgress) {
            int now = loginsInProgress.getOrDefault(address, 0);
            if (now >= config.maxLoginsPerAddress()) {
                return CompletableFuture.completedFuture(new Outcome(Outcome.Verdict.ADDRESS_BUSY,
                        now + " logins from this address under way (not counted as a failure)", Optional.empty()));
            }
            loginsInProgress.put(address, now + 1);
        }
        CompletableFuture<Outcome> result = login.get();
        result.whenComplete((outcome, error) -> {
            synchronized (loginsInProgress) {
                loginsInProgress.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
            }
        });
        return result;
    }

    /**
     * Whether a lab client's first message is a registered name with more after it: the name and the password typed
     * ahead may have arrived in one read.
     */
    public boolean startsWithRegisteredName(String first) {
        RegisteredNames names = registered.current();
        return names.readable() && names.hasProperPrefixOf(first);
    }

    /**
     * Whether a lab client's first message must be refused with "send your name alone" because it may be a registered
     * name with its password typed behind it: where guests join, such a "name" would be shown to the room. Never
     * with {@code --auth required}: there every first message is asked for a password, so nothing is shown, and an
     * answer that depended on the registered names would tell them apart (the message is then a name no account has,
     * and its login fails like any other; {@link #nameForLog} keeps the password out of the log).
     */
    public boolean mustSendNameAlone(String first) {
        return config.mode() != AuthMode.REQUIRED && startsWithRegisteredName(first);
    }

    /**
     * How a login's name may be logged: as given, unless a registered name begins it, in which case what follows
     * may be that user's password typed ahead, and only the registered name is logged.
     */
    public String nameForLog(String name) {
        RegisteredNames names = registered.current();
        return names.readable() ? names.properPrefixOf(name)
                .map(prefix -> prefix + " (followed by " + (name.length() - prefix.length())
                        + " more characters, not logged: they may hold a password)")
                .orElse(name) : name;
    }

    /**
     * Whether a guest's name reads the same as a registered one without being it ({@link
     * chatlab.protocol.NameSkeleton}: case, width, accents, invisible characters, look-alike letters of other
     * scripts): in optional mode a guest may not pass for a registered user.
     *
     * @param skeleton {@code NameSkeleton.of(name)}, computed once per join by the caller
     */
    public boolean resemblesRegisteredName(String name, String skeleton) {
        if (config.mode() != AuthMode.OPTIONAL) {
            return false;
        }
        RegisteredNames names = registered.current();
        return !names.readable() || names.lookAlikeOf(name, skeleton).isPresent();
    }

    /** The same, computing the skeleton here. */
    public boolean resemblesRegisteredName(String name) {
        return resemblesRegisteredName(name, chatlab.protocol.NameSkeleton.of(name));
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
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e); // closed: the server is stopping
        }
        return result;
    }

    /**
     * The v2 path: checks client-final. Completes after the throttle's delay; answered "busy" when its address has
     * too many logins under way. The check itself is a few HMACs (the client did the PBKDF2), run on the timer.
     */
    public CompletableFuture<Outcome> finishExchange(ScramServerExchange exchange, String clientFinal, String address) {
        String name = exchange.user();
        return withinAddressLimit(address, () -> afterDelay(name, address, Authenticator::complete, () -> {
            Optional<String> serverFinal;
            try {
                serverFinal = exchange.serverFinal(clientFinal);
            } catch (ScramException e) {
                throttle.failed(name, address);
                return Outcome.failure("malformed SCRAM message: " + e.getMessage());
            }
            Outcome outcome = judge(name, address, find(name), serverFinal.isPresent());
            return outcome.success() ? Outcome.accepted(serverFinal) : outcome;
        }));
    }

    /** Whether a verifier should be replaced by a stronger one (a SCRAM client can send one, see the v2 wire). */
    public boolean wantsUpgrade(Verifier verifier) {
        return verifier.iterations() < config.iterations();
    }

    public int iterations() {
        return config.iterations();
    }

    /** Logins one address may have under way at once (a busy answer says so). */
    public int maxLoginsPerAddress() {
        return config.maxLoginsPerAddress();
    }

    /**
     * Stores a new verifier for a user who just logged in (the upgrade of a weaker one), later, on this pool: the
     * caller may be a network thread, and the store write must not hold it up. Completes once it is stored, or could
     * not be (the old verifier then keeps working, and the next login tries again).
     */
    public CompletableFuture<Void> upgrade(String name, Verifier verifier) {
        try {
            return CompletableFuture.runAsync(() -> upgradeNow(name, verifier), workers);
        } catch (RejectedExecutionException e) {
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
            return Outcome.failure("locked out after too many failures from this address");
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
        return Outcome.accepted(Optional.empty());
    }

    private Optional<Account> find(String name) {
        try {
            return store.find(name);
        } catch (UserStoreException e) {
            return Optional.empty();
        }
    }

    /**
     * Attempts from one address are answered one after another, each after the delay its predecessors' failures
     * earned: guesses sent in parallel cannot skip the growing delay. Attempts on one account from different
     * addresses are not queued behind each other: the owner never waits in line behind a guesser elsewhere.
     */
    private final Map<String, CompletableFuture<?>> lastAttempt = new HashMap<>();

    /** Where a check runs once its delay is over; it completes the result (or answers "busy"). */
    private interface CheckRunner {
        void run(Supplier<Outcome> check, CompletableFuture<Outcome> result);
    }

    private CompletableFuture<Outcome> afterDelay(String name, String address, CheckRunner runner, Supplier<Outcome> check) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        CompletableFuture<?> before;
        synchronized (lastAttempt) {
            before = lastAttempt.getOrDefault(address, CompletableFuture.completedFuture(null));
            lastAttempt.put(address, result);
        }
        before.whenComplete((ignored, error) -> {
            Duration delay = throttle.delayBeforeAnswer(name, address);
            try {
                workers.schedule(() -> runner.run(check, result), delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                result.complete(Outcome.failure("the server is stopping"));
            }
        });
        result.whenComplete((outcome, error) -> {
            synchronized (lastAttempt) {
                lastAttempt.remove(address, result);
            }
        });
        return result;
    }

    /** Runs the check here and completes the result with what it found. */
    private static void complete(Supplier<Outcome> check, CompletableFuture<Outcome> result) {
        try {
            result.complete(check.get());
        } catch (RuntimeException e) {
            result.complete(Outcome.failure("internal error: " + e));
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        workers.shutdownNow();
        passwordChecks.shutdownNow();
    }
}
