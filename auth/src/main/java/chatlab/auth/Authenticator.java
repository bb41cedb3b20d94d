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

    public Authenticator(UserStore store, AuthConfig config, Clock clock) throws UserStoreException {
        this.store = store;
        this.config = config;
        this.throttle = new LoginThrottle(config, clock);
        this.decoys = new DecoyVerifiers(decoyIterations(store, config), store.decoySecret());
    }

    private static int decoyIterations(UserStore store, AuthConfig config) throws UserStoreException {
        int common = store.mostCommonIterations();
        return common > 0 ? common : config.iterations();
    }

    public AuthMode mode() {
        return config.mode();
    }

    /** Whether this name must log in: every name when required, registered names when optional, none when off. */
    public boolean needsLogin(String name) {
        switch (config.mode()) {
            case OFF:
                return false;
            case REQUIRED:
                return true;
            default:
                try {
                    return store.find(name).isPresent();
                } catch (UserStoreException e) {
                    return true; // when in doubt, protect the name
                }
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
                upgrade(name, Verifier.derive(password, config.iterations(), random));
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
        try {
            for (String registered : store.names()) {
                if (first.length() > registered.length() && first.startsWith(registered)) {
                    return true;
                }
            }
        } catch (UserStoreException e) {
            return false;
        }
        return false;
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
        String skeleton = skeleton(name);
        try {
            for (String registered : store.names()) {
                if (!registered.equals(name) && skeleton(registered).equals(skeleton)) {
                    return true;
                }
            }
        } catch (UserStoreException e) {
            return true;
        }
        return false;
    }

    static String skeleton(String name) {
        String decomposed = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        decomposed.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK && type != Character.FORMAT) {
                out.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp)));
            }
        });
        return out.toString();
    }

    /** The v2 path: starts a SCRAM exchange. */
    public ScramServerExchange newExchange() {
        return new ScramServerExchange(name -> {
            return find(name).map(Account::verifier);
        }, decoys, random);
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

    /** Stores a new verifier for a user who just logged in (the upgrade of a weaker one). */
    public void upgrade(String name, Verifier verifier) {
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
