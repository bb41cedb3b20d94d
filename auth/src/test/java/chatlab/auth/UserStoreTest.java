package chatlab.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {
    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();

    @Test
    void storesVerifiersNotPasswordsInAnOwnerOnlyFile() throws Exception {
        Path file = dir.resolve("sub/users.db");
        try (UserStore store = UserStore.open(file, Clock.systemUTC())) {
            Verifier verifier = Verifier.derive("s3cret-pass", 4096, random);
            store.add("alice", verifier);
            assertThat(store.find("alice")).get().satisfies(a -> {
                assertThat(a.verifier()).isEqualTo(verifier);
                assertThat(a.locked()).isFalse();
            });
            assertThatThrownBy(() -> store.add("alice", verifier)).hasMessage("a user named \"alice\" already exists");
            store.setLocked("alice", true);
            assertThat(store.find("alice").orElseThrow().locked()).isTrue();
            store.setVerifier("alice", Verifier.derive("new-pass", 4096, random));
            assertThat(store.find("alice").orElseThrow().verifier().matches("new-pass")).isTrue();
            assertThat(store.list()).extracting(Account::name).containsExactly("alice");
            store.remove("alice");
            assertThat(store.find("alice")).isEmpty();
            assertThatThrownBy(() -> store.remove("alice")).hasMessage("no user named \"alice\"");
            assertThat(store.integrityCheck()).isEqualTo("ok");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("s3cret-pass");
    }

    @Test
    void anAccountThatReadsTheSameAsAnotherIsRefused() throws Exception {
        try (UserStore store = UserStore.open(dir.resolve("users.db"), Clock.systemUTC())) {
            Verifier verifier = Verifier.derive("s3cret-pass", 4096, random);
            store.add("alice", verifier);
            for (String lookAlike : new String[] {"Alice", "\u0430lice", "alic\u00e9", "alice\u200d"}) {
                assertThatThrownBy(() -> store.add(lookAlike, verifier)).as(lookAlike).hasMessage("the name \""
                        + lookAlike + "\" reads the same as the user \"alice\"; choose another name");
            }
            store.add("alicia", verifier);
            assertThat(store.names()).containsExactlyInAnyOrder("alice", "alicia");
        }
    }

    @Test
    void aMissingStoreIsNeverTakenForAnEmptyOne() {
        assertThatThrownBy(() -> UserStore.openExisting(dir.resolve("typo.db"), Clock.systemUTC()))
                .hasMessageContaining("does not exist; create it with chatlab users add");
        assertThat(dir.resolve("typo.db")).doesNotExist();
    }

    @Test
    void decoysForUnknownNamesStayTheSameAcrossRestartsAndFollowTheCommonCount() throws Exception {
        Path file = dir.resolve("users.db");
        String first;
        try (UserStore store = UserStore.open(file, Clock.systemUTC())) {
            store.add("alice", Verifier.derive("password one", 4096, random));
            try (Authenticator auth = new Authenticator(store, AuthConfig.defaults(AuthMode.REQUIRED), Clock.systemUTC())) {
                first = auth.newExchange().serverFirst("n,,n=ghost,r=abc").split(",", 2)[1];
            }
        }
        try (UserStore store = UserStore.openExisting(file, Clock.systemUTC());
                Authenticator auth = new Authenticator(store, AuthConfig.defaults(AuthMode.REQUIRED), Clock.systemUTC())) {
            String again = auth.newExchange().serverFirst("n,,n=ghost,r=def").split(",", 2)[1];
            assertThat(again).isEqualTo(first).endsWith(",i=4096");
        }
    }

    /** docs/SECURITY.md, *Accounts*: a store others may read is reported (the server logs the warning at start). */
    @Test
    void aStoreOthersMayReadIsReported() throws Exception {
        Path file = dir.resolve("loose/users.db");
        try (UserStore store = UserStore.open(file, Clock.systemUTC())) {
            assertThat(store.looseness()).isEmpty();
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            assertThat(store.looseness()).contains("the user store " + file
                    + " is readable or writable by others (rw-r--r--); chmod 600 it");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
            assertThat(store.looseness()).get().asString().contains("(rw-rw----)");
        }
    }
}
