package chatlab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The name checks made at every registration, answered from memory, against a real SQLite file. */
class AuthenticatorNamesTest {
    private static final int ITERATIONS = 4096;

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();

    /** Refreshes only when the test says so, so what is stale and what is fresh is the test's to decide. */
    private static AuthConfig config(AuthMode mode) {
        return AuthConfig.defaults(mode).withIterations(ITERATIONS).withDelays(Duration.ZERO, Duration.ZERO)
                .withNamesRefresh(Duration.ofHours(1));
    }

    private UserStore storeWith(String... names) throws UserStoreException {
        UserStore store = UserStore.open(dir.resolve("users.db"), Clock.systemUTC());
        for (String name : names) {
            store.add(name, Verifier.derive(name + "'s password", ITERATIONS, random));
        }
        return store;
    }

    @Test
    void eachModeAnswersAsItDidWhenEveryCheckReadTheStore() throws Exception {
        try (UserStore store = storeWith("alice")) {
            try (Authenticator off = new Authenticator(store, config(AuthMode.OFF), Clock.systemUTC())) {
                assertThat(off.needsLogin("alice")).isFalse();
                assertThat(off.resemblesRegisteredName("ALICE")).isFalse();
                assertThat(off.startsWithRegisteredName("alicepassword")).isTrue();
            }
            try (Authenticator optional = new Authenticator(store, config(AuthMode.OPTIONAL), Clock.systemUTC())) {
                assertThat(optional.needsLogin("alice")).isTrue();
                assertThat(optional.needsLogin("guest")).isFalse();
                assertThat(optional.needsLogin("ALICE")).as("a look-alike is refused, not asked to log in").isFalse();
                assertThat(optional.resemblesRegisteredName("ALICE")).isTrue();
                assertThat(optional.resemblesRegisteredName("a\u0301lice")).isTrue();
                assertThat(optional.resemblesRegisteredName("alice")).isFalse();
                assertThat(optional.resemblesRegisteredName("guest")).isFalse();
                assertThat(optional.startsWithRegisteredName("alicepassword")).isTrue();
                assertThat(optional.startsWithRegisteredName("alice")).isFalse();
                assertThat(optional.startsWithRegisteredName("guest")).isFalse();
            }
            try (Authenticator required = new Authenticator(store, config(AuthMode.REQUIRED), Clock.systemUTC())) {
                assertThat(required.needsLogin("alice")).isTrue();
                assertThat(required.needsLogin("guest")).isTrue();
                assertThat(required.resemblesRegisteredName("ALICE")).as("no guests, so no look-alike guests").isFalse();
                assertThat(required.startsWithRegisteredName("alicepassword")).isTrue();
            }
        }
    }

    @Test
    void accountsAddedLockedAndRemovedByAnotherConnectionAreSeenAfterARefresh() throws Exception {
        try (UserStore store = storeWith("alice");
                Authenticator auth = new Authenticator(store, config(AuthMode.OPTIONAL), Clock.systemUTC());
                UserStore other = UserStore.openExisting(dir.resolve("users.db"), Clock.systemUTC())) {
            other.add("carol", Verifier.derive("carol's password", ITERATIONS, random));
            assertThat(auth.needsLogin("carol")).as("not refreshed yet: the staleness the refresh interval bounds")
                    .isFalse();

            auth.refreshRegisteredNames();
            assertThat(auth.needsLogin("carol")).isTrue();
            assertThat(auth.resemblesRegisteredName("CAROL")).isTrue();
            assertThat(auth.startsWithRegisteredName("carolpassword")).isTrue();

            other.setLocked("carol", true);
            auth.refreshRegisteredNames();
            assertThat(auth.needsLogin("carol")).as("a locked account stays protected").isTrue();
            assertThat(auth.checkPassword("carol", "carol's password", "127.0.0.1").get(10, TimeUnit.SECONDS).reason())
                    .isEqualTo("the account is locked");

            other.remove("carol");
            auth.refreshRegisteredNames();
            assertThat(auth.needsLogin("carol")).isFalse();
            assertThat(auth.resemblesRegisteredName("CAROL")).isFalse();
            assertThat(auth.startsWithRegisteredName("carolpassword")).isFalse();
            assertThat(auth.needsLogin("alice")).isTrue();
        }
    }

    @Test
    void changesThroughTheServersOwnConnectionAreSeenToo() throws Exception {
        // SQLite's data_version ignores a connection's own commits; the store counts those itself.
        try (UserStore store = storeWith("alice");
                Authenticator auth = new Authenticator(store, config(AuthMode.OPTIONAL), Clock.systemUTC())) {
            store.add("dave", Verifier.derive("dave's password", ITERATIONS, random));
            auth.refreshRegisteredNames();
            assertThat(auth.needsLogin("dave")).isTrue();
        }
    }

    @Test
    void anUnchangedStoreIsNotReadAgain() throws Exception {
        try (UserStore store = storeWith("alice");
                Authenticator auth = new Authenticator(store, config(AuthMode.OPTIONAL), Clock.systemUTC())) {
            RegisteredNames before = auth.registeredNames();
            auth.refreshRegisteredNames();
            assertThat(auth.registeredNames()).isSameAs(before);
            store.setLocked("alice", true);
            auth.refreshRegisteredNames();
            assertThat(auth.registeredNames()).isNotSameAs(before);
        }
    }

    @Test
    void aStoreThatCannotBeReadProtectsEveryNameAsBefore() throws Exception {
        UserStore store = storeWith("alice");
        try (Authenticator auth = new Authenticator(store, config(AuthMode.OPTIONAL), Clock.systemUTC())) {
            assertThat(auth.needsLogin("guest")).isFalse();
            store.close(); // every query fails from now on
            auth.refreshRegisteredNames();
            assertThat(auth.registeredNames().readable()).isFalse();
            // When in doubt, protect the name: everyone must log in, and no guest name is safe from look-alikes.
            assertThat(auth.needsLogin("guest")).isTrue();
            assertThat(auth.resemblesRegisteredName("guest")).isTrue();
            // As before, a store error does not turn a first message into a refused "name with a password".
            assertThat(auth.startsWithRegisteredName("alicepassword")).isFalse();
        }
    }

    @Test
    void storeWorkAskedForByANetworkThreadNeverWaitsForTheStore() throws Exception {
        try (UserStore store = storeWith("alice");
                Authenticator auth = new Authenticator(store, config(AuthMode.REQUIRED).withIterations(8192),
                        Clock.systemUTC())) {
            java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            Thread slowDisk = new Thread(() -> {
                synchronized (store) { // every store call waits for this lock, as for a disk that does not answer
                    held.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            slowDisk.start();
            held.await();
            java.util.concurrent.CompletableFuture<Void> upgraded;
            java.util.concurrent.CompletableFuture<String> serverFirst;
            try {
                upgraded = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                        () -> auth.upgrade("alice", Verifier.derive("alice's password", 8192, random)));
                serverFirst = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                        () -> auth.serverFirst(auth.newExchange(), "n,,n=alice,r=abc"));
                assertThat(upgraded).isNotDone();
                assertThat(serverFirst).isNotDone();
            } finally {
                release.countDown();
                slowDisk.join();
            }
            upgraded.get(10, TimeUnit.SECONDS);
            assertThat(store.find("alice").orElseThrow().verifier().iterations()).isEqualTo(8192);
            assertThat(serverFirst.get(10, TimeUnit.SECONDS)).startsWith("r=abc");
        }
    }

    @Test
    void aMalformedClientFirstFailsTheFutureWithTheScramError() throws Exception {
        try (UserStore store = storeWith("alice");
                Authenticator auth = new Authenticator(store, config(AuthMode.REQUIRED), Clock.systemUTC())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> auth.serverFirst(auth.newExchange(), "p=tls-unique,,n=alice,r=abc")
                    .get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ScramException.class)
                    .hasMessageContaining("channel binding is not supported");
        }
    }
}
