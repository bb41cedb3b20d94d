package chatlab.cli;

import chatlab.auth.Account;
import chatlab.auth.AuthConfig;
import chatlab.auth.UserStore;
import chatlab.auth.UserStoreException;
import chatlab.auth.Verifier;
import chatlab.protocol.Limits;
import chatlab.protocol.NameRules;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code chatlab users}: manages the accounts a server with {@code --auth} checks. */
@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        description = "Manages the accounts in the user store that chatlab server --auth optional|required checks. "
                + "Passwords are read without echo from the terminal, or from standard input with --password-stdin; "
                + "never from the command line.",
        subcommands = {
            UsersCommand.Add.class,
            UsersCommand.Passwd.class,
            UsersCommand.Remove.class,
            UsersCommand.Lock.class,
            UsersCommand.Unlock.class,
            UsersCommand.ListUsers.class,
        })
final class UsersCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every users subcommand shares. */
    static final class StoreOption {
        @Option(names = "--users", paramLabel = "FILE",
                description = "The user store; default: $XDG_DATA_HOME/chatlab/users.db or ~/.local/share/chatlab/users.db.")
        Path users;

        /** Every command but add needs the store to exist: a mistyped path must not look like an empty store. */
        UserStore open() {
            return open(false);
        }

        UserStore open(boolean create) {
            Path path = users != null ? users : UserStore.defaultPath();
            try {
                return create ? UserStore.open(path, Clock.systemUTC()) : UserStore.openExisting(path, Clock.systemUTC());
            } catch (UserStoreException e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    /** How a password is read. */
    static final class PasswordOptions {
        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean fromStdin;

        @Option(names = "--iterations", defaultValue = "" + AuthConfig.DEFAULT_ITERATIONS,
                description = "PBKDF2 iterations for the verifier (default: ${DEFAULT-VALUE}; at least 4096).")
        int iterations;

        String read(String name) {
            String password;
            if (fromStdin) {
                try {
                    password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                } catch (IOException e) {
                    throw new UserError("cannot read the password from standard input: " + e.getMessage());
                }
                if (password == null) {
                    throw new UserError("standard input ended before a password line");
                }
            } else {
                Console console = System.console();
                if (console == null) {
                    throw new UserError("no terminal to ask for the password; use --password-stdin", 2);
                }
                char[] first = console.readPassword("Password for %s: ", name);
                char[] again = console.readPassword("Again: ");
                if (first == null || again == null || !Arrays.equals(first, again)) {
                    throw new UserError("the passwords do not match");
                }
                password = new String(first);
                Arrays.fill(first, '\0');
                Arrays.fill(again, '\0');
            }
            // Counted as the login will see it: SASLprep drops invisible characters and normalizes the rest.
            String prepared;
            try {
                prepared = chatlab.auth.SaslPrep.prepare(password);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            if (prepared.codePointCount(0, prepared.length()) < 8) {
                throw new UserError("the password is too short; use at least 8 characters (invisible ones do not count)");
            }
            return password;
        }

        Verifier verifier(String name) {
            if (iterations < AuthConfig.MIN_ITERATIONS) {
                throw new UserError("--iterations must be at least " + AuthConfig.MIN_ITERATIONS + " (RFC 7677)", 2);
            }
            try {
                return Verifier.derive(read(name), iterations, new SecureRandom());
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds a user and sets its password.")
    static final class Add implements Callable<Integer> {
        @Mixin StoreOption store;
        @Mixin PasswordOptions password;
        @Parameters(paramLabel = "NAME", description = "The user name (the name rules of chatlab server apply).") String name;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            new NameRules(Limits.DEFAULT_MAX_NAME_CHARS).problemWith(name).ifPresent(problem -> {
                throw new UserError("cannot add that name: " + problem, 2);
            });
            Verifier verifier = password.verifier(name);
            try (UserStore users = store.open(true)) {
                users.add(name, verifier);
                spec.commandLine().getOut().println("added " + name + " to " + users.path());
            } catch (UserStoreException e) {
                throw new UserError(e.getMessage());
            }
            return 0;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Sets a user's password.")
    static final class Passwd implements Callable<Integer> {
        @Mixin StoreOption store;
        @Mixin PasswordOptions password;
        @Parameters(paramLabel = "NAME", description = "The user.") String name;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (UserStore users = store.open()) {
                if (users.find(name).isEmpty()) {
                    throw new UserError("no user named \"" + name + "\"");
                }
                users.setVerifier(name, password.verifier(name));
                spec.commandLine().getOut().println("changed the password of " + name);
            } catch (UserStoreException e) {
                throw new UserError(e.getMessage());
            }
            return 0;
        }
    }

    /** Runs one change on the store and prints what was done, or the store's one-line reason why not. */
    interface StoreChange {
        void apply(UserStore users) throws UserStoreException;
    }

    static int change(StoreOption store, CommandSpec spec, String done, StoreChange change) {
        try (UserStore users = store.open()) {
            change.apply(users);
            spec.commandLine().getOut().println(done);
        } catch (UserStoreException e) {
            throw new UserError(e.getMessage());
        }
        return 0;
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a user.")
    static final class Remove implements Callable<Integer> {
        @Mixin StoreOption store;
        @Parameters(paramLabel = "NAME", description = "The user.") String name;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            return change(store, spec, "removed " + name, users -> users.remove(name));
        }
    }

    @Command(name = "lock", mixinStandardHelpOptions = true, description = "Locks a user out until unlocked.")
    static final class Lock implements Callable<Integer> {
        @Mixin StoreOption store;
        @Parameters(paramLabel = "NAME", description = "The user.") String name;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            return change(store, spec, "locked " + name, users -> users.setLocked(name, true));
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true, description = "Lets a locked user in again.")
    static final class Unlock implements Callable<Integer> {
        @Mixin StoreOption store;
        @Parameters(paramLabel = "NAME", description = "The user.") String name;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            return change(store, spec, "unlocked " + name, users -> users.setLocked(name, false));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the users (never their verifiers).")
    static final class ListUsers implements Callable<Integer> {
        @Mixin StoreOption store;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            try (UserStore users = store.open()) {
                for (Account account : users.list()) {
                    spec.commandLine().getOut().printf("%-32s %-8s %,9d iterations  changed %s%n", account.name(),
                            account.locked() ? "locked" : "active", account.verifier().iterations(), account.updated());
                }
            } catch (UserStoreException e) {
                throw new UserError(e.getMessage());
            }
            return 0;
        }
    }
}
