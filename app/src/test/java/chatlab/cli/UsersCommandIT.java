package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.auth.Account;
import chatlab.auth.UserStore;
import chatlab.testkit.ScriptedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatlab users} as a real process: every subcommand, and a store that survives being killed mid-write. */
class UsersCommandIT {
    @TempDir
    Path dir;

    private ScriptedProcess users(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "users";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--users";
        all[args.length + 2] = dir.resolve("users.db").toString();
        // The subcommand's options come after its name: move "--users FILE" behind the subcommand.
        String[] ordered = new String[all.length];
        ordered[0] = "users";
        ordered[1] = args[0];
        ordered[2] = "--users";
        ordered[3] = dir.resolve("users.db").toString();
        System.arraycopy(args, 1, ordered, 4, args.length - 1);
        return ChatlabJar.start("users-" + args[0], Map.of(), ordered);
    }

    private int run(String password, String... args) {
        try (ScriptedProcess process = users(args)) {
            if (password != null) {
                process.typeLine(password);
            }
            process.closeInput();
            return process.awaitExit(Duration.ofSeconds(60));
        }
    }

    @Test
    void everySubcommandWorksAndPasswordsNeverTouchTheCommandLine() throws Exception {
        assertThat(run("correct horse battery", "add", "alice", "--password-stdin", "--iterations", "4096")).isZero();
        assertThat(run("short", "add", "bob", "--password-stdin", "--iterations", "4096")).isEqualTo(UserError.EXIT_USER_ERROR);
        assertThat(run("a new password", "passwd", "alice", "--password-stdin", "--iterations", "4096")).isZero();
        assertThat(run(null, "lock", "alice")).isZero();
        try (ScriptedProcess list = users("list")) {
            assertThat(list.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(list.stdout()).contains("alice").contains("locked").contains("4,096 iterations");
        }
        assertThat(run(null, "unlock", "alice")).isZero();
        try (UserStore store = UserStore.open(dir.resolve("users.db"), Clock.systemUTC())) {
            Account alice = store.find("alice").orElseThrow();
            assertThat(alice.locked()).isFalse();
            assertThat(alice.verifier().matches("a new password")).isTrue();
        }
        assertThat(run(null, "remove", "alice")).isZero();
        try (ScriptedProcess again = users("remove", "alice")) {
            assertThat(again.awaitExit(Duration.ofSeconds(60))).isEqualTo(UserError.EXIT_USER_ERROR);
            assertThat(again.stderr()).isEqualTo("chatlab: no user named \"alice\"\n");
        }
        try (ScriptedProcess noTerminal = users("add", "carol")) {
            noTerminal.closeInput();
            assertThat(noTerminal.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(noTerminal.stderr()).contains("no terminal to ask for the password; use --password-stdin");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("users.db")))).isEqualTo("rw-------");
    }

    /** docs/SECURITY.md: a store readable by others is reported in the server's log; a store of 0600 is not. */
    @Test
    void aServerOnAStoreReadableByOthersSaysSoInItsLog() throws Exception {
        Path file = dir.resolve("users.db");
        assertThat(run("correct horse battery", "add", "alice", "--password-stdin", "--iterations", "4096")).isZero();
        try (ScriptedProcess tight = ChatlabJar.start("server-0600", "server", "--bind", "127.0.0.1", "--port", "0",
                "--auth", "required", "--users", file.toString())) {
            tight.awaitStderr("listening on");
            assertThat(tight.stderr()).doesNotContain("readable or writable by others");
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (ScriptedProcess loose = ChatlabJar.start("server-0644", "server", "--bind", "127.0.0.1", "--port", "0",
                "--auth", "required", "--users", file.toString())) {
            loose.awaitStderr("listening on");
            assertThat(loose.stderr()).contains("the user store " + file + " is readable or writable by others "
                    + "(rw-r--r--); chmod 600 it");
        }
    }

    @Test
    void theStoreSurvivesAddsKilledAtAnyMoment() throws Exception {
        int runs = 12;
        for (int i = 0; i < runs; i++) {
            ScriptedProcess add = users("add", "user" + i, "--password-stdin", "--iterations", "4096");
            add.typeLine("password-" + i);
            add.closeInput();
            // Fault injection, not synchronisation: kill at a random moment between start-up and well after the write.
            Thread.sleep(ThreadLocalRandom.current().nextLong(0, 1500));
            add.kill();
        }
        try (UserStore store = UserStore.open(dir.resolve("users.db"), Clock.systemUTC())) {
            assertThat(store.integrityCheck()).isEqualTo("ok");
            List<Account> accounts = store.list();
            for (Account account : accounts) {
                String password = "password-" + account.name().substring("user".length());
                assertThat(account.verifier().matches(password)).as(account.name() + " is whole").isTrue();
            }
            System.out.printf("kill test: %d of %d killed adds had committed; the store is intact%n", accounts.size(), runs);
            assertThat(store.find("user-that-never-was")).isEqualTo(Optional.empty());
        }
        // And the command line still reads it.
        try (ScriptedProcess list = users("list")) {
            assertThat(list.awaitExit(Duration.ofSeconds(60))).isZero();
        }
    }
}
